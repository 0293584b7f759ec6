# tfemrcheck as an HCP Terraform / Terraform Enterprise run task:
#   docker build -t tfemrcheck .
#   docker run -p 8080:8080 -e TFEMRCHECK_HMAC_KEY=... tfemrcheck
# See docs/run-task.md. Pin both images by digest in your own build.

FROM golang:1.25 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
# A static binary: no libc in the runtime image. -buildvcs=false: the build
# context may hold a .git that points outside it (a worktree); the version
# comes from VERSION.
RUN CGO_ENABLED=0 GOOS=linux go build -trimpath -buildvcs=false \
      -ldflags "-s -w -X main.version=${VERSION}" \
      -o /out/tfemrcheck ./cmd/tfemrcheck

# distroless "static": CA certificates, /tmp and a nonroot user (65532),
# no shell and no package manager.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/tfemrcheck /usr/local/bin/tfemrcheck
USER 65532:65532
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/tfemrcheck"]
CMD ["serve", "--listen", ":8080"]
