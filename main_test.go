package main

import (
	"maps"
	"testing"
)

func TestQuietSDKLogs(t *testing.T) {
	t.Parallel()
	off := map[string]string{"TF_LOG_SDK": "OFF", "TF_LOG_SDK_PROTO": "OFF", "TF_LOG_SDK_FRAMEWORK": "OFF"}
	cases := []struct {
		name string
		env  map[string]string
		want map[string]string
	}{
		{"no logging asked for", nil, off},
		{"TF_LOG set", map[string]string{"TF_LOG": "TRACE"}, nil},
		{"provider logs asked for", map[string]string{"TF_LOG_PROVIDER": "DEBUG"}, nil},
		{"log path set", map[string]string{"TF_LOG_PATH": "/tmp/x"}, nil},
		{"SDK level chosen by the user", map[string]string{"TF_LOG_SDK_PROTO": "INFO"}, nil},
		{"unrelated variables", map[string]string{"TF_IN_AUTOMATION": "1"}, off},
	}
	for _, tc := range cases {
		got := quietSDKLogs(func(k string) string { return tc.env[k] })
		if !maps.Equal(got, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestMemoryLimit(t *testing.T) {
	t.Parallel()
	if limit, ok := memoryLimit(func(string) string { return "" }); !ok || limit != defaultMemoryLimit {
		t.Fatalf("without GOMEMLIMIT: %d, %v", limit, ok)
	}
	if _, ok := memoryLimit(func(k string) string {
		if k == "GOMEMLIMIT" {
			return "1GiB"
		}
		return ""
	}); ok {
		t.Fatal("GOMEMLIMIT set, but the default limit was still applied")
	}
}
