# tfemrcheck as an HCP Terraform / Terraform Enterprise run task:
#   docker build -t tfemrcheck .
#   docker run -p 8080:8080 -e TFEMRCHECK_HMAC_KEY=... tfemrcheck
# See docs/run-task.md. Pin the build image by digest in your own build.
#
# The same image as the release's (the OCI layout scripts/release-snapshot.sh
# writes): no base, the file system written by `internal/releasetool rootfs`
# (the code that writes the layout's layer), the same user, entrypoint and
# command. TestDockerfileMatchesLayout (internal/releasetool) checks this
# file against the layout's configuration; it has not been built where it
# was written (no container daemon there).

FROM golang:1.25 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
# A static binary: no libc in the image. -buildvcs=false: the build
# context may hold a .git that points outside it (a worktree); the version
# comes from VERSION.
RUN CGO_ENABLED=0 GOOS=linux go build -trimpath -buildvcs=false \
      -ldflags "-s -w -buildid= -X main.version=${VERSION}" \
      -o /out/tfemrcheck ./cmd/tfemrcheck
# The image's files: the binary, /etc/passwd and /etc/group naming user
# 65532, /tmp, and the CA bundle (serve calls HCP Terraform over TLS).
RUN go run ./internal/releasetool rootfs -out /rootfs -bin /out/tfemrcheck \
      -ca-certs /etc/ssl/certs/ca-certificates.crt

FROM scratch
COPY --from=build /rootfs/ /
ENV PATH=/usr/local/bin
WORKDIR /tmp
USER 65532:65532
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/tfemrcheck"]
CMD ["serve", "--listen", ":8080"]
