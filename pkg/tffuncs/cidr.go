package tffuncs

import (
	"fmt"
	"math/big"
	"net"
	"strconv"
	"strings"

	"github.com/apparentlymart/go-cidr/cidr"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/gocty"
)

// The CIDR functions are written here rather than taken from go-cty-funcs:
// Terraform takes host and network numbers as big integers (IPv6 needs
// them; go-cty-funcs uses int), refuses a netmask for IPv6, and parses
// addresses as Go did before 1.17, accepting leading zeros in IPv4 octets
// ("010.0.0.0/8" is 10.0.0.0/8), which net.ParseCIDR now rejects.

// parseCIDR parses a CIDR prefix as Terraform does.
func parseCIDR(s string) (net.IP, *net.IPNet, error) {
	ip, network, err := net.ParseCIDR(s)
	if err == nil {
		return ip, network, nil
	}
	if addr, bits, ok := strings.Cut(s, "/"); ok {
		if v4, ok := stripLeadingZeros(addr); ok {
			if ip, network, err2 := net.ParseCIDR(v4 + "/" + bits); err2 == nil {
				return ip, network, nil
			}
		}
	}
	return nil, nil, &net.ParseError{Type: "CIDR address", Text: s}
}

// parseIP parses an address as Terraform does (leading zeros allowed).
func parseIP(s string) net.IP {
	if ip := net.ParseIP(s); ip != nil {
		return ip
	}
	if v4, ok := stripLeadingZeros(s); ok {
		return net.ParseIP(v4)
	}
	return nil
}

// stripLeadingZeros rewrites a dotted-quad IPv4 address with leading zeros
// in its octets to the decimal form Go before 1.17 read it as.
func stripLeadingZeros(s string) (string, bool) {
	parts := strings.Split(s, ".")
	if len(parts) != 4 {
		return "", false
	}
	for i, p := range parts {
		if p == "" || len(p) > 3 {
			return "", false
		}
		n, err := strconv.Atoi(p)
		if err != nil || n > 255 || strings.ContainsAny(p, "+-") {
			return "", false
		}
		parts[i] = strconv.Itoa(n)
	}
	return strings.Join(parts, "."), true
}

var cidrHostFunc = function.New(&function.Spec{
	Params: []function.Parameter{
		{Name: "prefix", Type: cty.String},
		{Name: "hostnum", Type: cty.Number},
	},
	Type: function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		var hostNum *big.Int
		if err := gocty.FromCtyValue(args[1], &hostNum); err != nil {
			return cty.UnknownVal(cty.String), err
		}
		_, network, err := parseCIDR(args[0].AsString())
		if err != nil {
			return cty.UnknownVal(cty.String), fmt.Errorf("invalid CIDR expression: %s", err)
		}
		ip, err := cidr.HostBig(network, hostNum)
		if err != nil {
			return cty.UnknownVal(cty.String), err
		}
		return cty.StringVal(ip.String()), nil
	},
})

var cidrNetmaskFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "prefix", Type: cty.String}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		_, network, err := parseCIDR(args[0].AsString())
		if err != nil {
			return cty.UnknownVal(cty.String), fmt.Errorf("invalid CIDR expression: %s", err)
		}
		if network.IP.To4() == nil {
			return cty.UnknownVal(cty.String), fmt.Errorf("IPv6 addresses cannot have a netmask: %s", args[0].AsString())
		}
		return cty.StringVal(net.IP(network.Mask).String()), nil
	},
})

var cidrSubnetFunc = function.New(&function.Spec{
	Params: []function.Parameter{
		{Name: "prefix", Type: cty.String},
		{Name: "newbits", Type: cty.Number},
		{Name: "netnum", Type: cty.Number},
	},
	Type: function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		var newbits int
		if err := gocty.FromCtyValue(args[1], &newbits); err != nil {
			return cty.UnknownVal(cty.String), err
		}
		var netnum *big.Int
		if err := gocty.FromCtyValue(args[2], &netnum); err != nil {
			return cty.UnknownVal(cty.String), err
		}
		_, network, err := parseCIDR(args[0].AsString())
		if err != nil {
			return cty.UnknownVal(cty.String), fmt.Errorf("invalid CIDR expression: %s", err)
		}
		sub, err := cidr.SubnetBig(network, newbits, netnum)
		if err != nil {
			return cty.UnknownVal(cty.String), err
		}
		return cty.StringVal(sub.String()), nil
	},
})

var cidrSubnetsFunc = function.New(&function.Spec{
	Params:   []function.Parameter{{Name: "prefix", Type: cty.String}},
	VarParam: &function.Parameter{Name: "newbits", Type: cty.Number},
	Type:     function.StaticReturnType(cty.List(cty.String)),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		_, network, err := parseCIDR(args[0].AsString())
		if err != nil {
			return cty.UnknownVal(cty.List(cty.String)), function.NewArgErrorf(0, "invalid CIDR expression: %s", err)
		}
		startLen, _ := network.Mask.Size()
		lengths := args[1:]
		if len(lengths) == 0 {
			return cty.ListValEmpty(cty.String), nil
		}
		var first int
		if err := gocty.FromCtyValue(lengths[0], &first); err != nil {
			return cty.UnknownVal(cty.List(cty.String)), function.NewArgError(1, err)
		}
		out := make([]cty.Value, len(lengths))
		current, _ := cidr.PreviousSubnet(network, first+startLen)
		for i, arg := range lengths {
			var n int
			if err := gocty.FromCtyValue(arg, &n); err != nil {
				return cty.UnknownVal(cty.List(cty.String)), function.NewArgError(i+1, err)
			}
			if n < 1 {
				return cty.UnknownVal(cty.List(cty.String)), function.NewArgErrorf(i+1, "must extend prefix by at least one bit")
			}
			// For IPv4 the prefix cannot be longer than 32 bits, and IPv6
			// subnets this many bits apart are not a practical use.
			if n > 32 {
				return cty.UnknownVal(cty.List(cty.String)), function.NewArgErrorf(i+1, "may not extend prefix by more than 32 bits")
			}
			length := n + startLen
			if length > len(network.IP)*8 {
				proto := "IP"
				switch len(network.IP) * 8 {
				case 32:
					proto = "IPv4"
				case 128:
					proto = "IPv6"
				}
				return cty.UnknownVal(cty.List(cty.String)), function.NewArgErrorf(i+1, "would extend prefix to %d bits, which is too long for an %s address", length, proto)
			}
			next, rollover := cidr.NextSubnet(current, length)
			if rollover || !network.Contains(next.IP) {
				return cty.UnknownVal(cty.List(cty.String)), function.NewArgErrorf(i+1, "not enough remaining address space for a subnet with a prefix of %d bits after %s", length, current.String())
			}
			current = next
			out[i] = cty.StringVal(current.String())
		}
		return cty.ListVal(out), nil
	},
})

// cidrContainsFunc is OpenTofu's cidrcontains: whether an address or a
// prefix lies within a prefix of the same address family.
var cidrContainsFunc = function.New(&function.Spec{
	Params: []function.Parameter{
		{Name: "containing_prefix", Type: cty.String},
		{Name: "contained_ip_or_prefix", Type: cty.String},
	},
	Type: function.StaticReturnType(cty.Bool),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		_, containing, err := parseCIDR(args[0].AsString())
		if err != nil {
			return cty.UnknownVal(cty.Bool), fmt.Errorf("invalid CIDR expression: %s", err)
		}
		var first, last net.IP
		if _, sub, err := parseCIDR(args[1].AsString()); err == nil {
			first, last = cidr.AddressRange(sub)
		} else if ip := parseIP(args[1].AsString()); ip != nil {
			first, last = ip, ip
		} else {
			return cty.UnknownVal(cty.Bool), fmt.Errorf("invalid IP address or prefix: %s", args[1].AsString())
		}
		if (containing.IP.To4() == nil) != (first.To4() == nil) {
			return cty.UnknownVal(cty.Bool), fmt.Errorf("address family mismatch: %s vs. %s", args[0].AsString(), args[1].AsString())
		}
		return cty.BoolVal(containing.Contains(first) && containing.Contains(last)), nil
	},
})
