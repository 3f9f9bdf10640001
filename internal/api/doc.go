// Package api is the provider's thin client for Gitpod's public API
// (gitpod.experimental.v1, Connect protocol with the JSON codec).
//
// It owns everything that is the same for every call: the base URL, the Bearer
// token, the User-Agent, per-attempt timeouts, the retry policy, one debug log
// line per attempt (never with credentials) and typed error helpers. Callers use
// the generated Connect service clients exposed on Client. This package knows
// nothing of Terraform's framework types.
package api
