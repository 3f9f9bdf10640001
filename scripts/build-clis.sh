#!/usr/bin/env bash
# Builds newer Terraform and OpenTofu CLIs from their sources on the Go module
# proxy, once per machine, and caches them for compatibility test runs.
#
# Usage: scripts/build-clis.sh [terraform|tofu]...   (no argument: both)
#
# Prints the absolute path of each requested binary on stdout, one per line,
# in argument order; progress goes to stderr. Example:
#
#   TF_ACC_TERRAFORM_PATH="$(scripts/build-clis.sh tofu)" make testacc
#
# Environment:
#   GITPOD_TF_CLI_CACHE          cache directory (default:
#                                ${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-gitpod/clis)
#   TF_COMPAT_TERRAFORM_VERSION  Terraform version to build (default 1.15.0)
#   TF_COMPAT_TOFU_VERSION       OpenTofu version to build (default 1.12.6)
#   GOPROXY, GOFLAGS, ...        passed through to the go command
#
# Binaries land at <cache>/terraform-<v>/terraform and <cache>/tofu-<v>/tofu.
# A binary is moved into place (a rename on the same file system) only after
# it ran and reported the expected version, so an interrupted build never
# leaves a broken cached binary. A flock per binary keeps concurrent runs from
# building the same thing twice; the second one waits and reuses the result.
#
# Terraform's module zip lacks its nested modules (the remote-state backends
# azure, consul, cos, gcs, kubernetes, oci, oss, pg, s3 and internal/legacy),
# so the build drops them from go.mod and internal/backend/init/init.go. The
# resulting terraform supports every backend except those (local, remote,
# http, inmem and cloud remain), which is all the acceptance tests need.
set -euo pipefail

readonly DEFAULT_TERRAFORM_VERSION=1.15.0
readonly DEFAULT_TOFU_VERSION=1.12.6

log() { printf 'build-clis: %s\n' "$*" >&2; }
die() {
	log "error: $*"
	exit 1
}

usage() {
	sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0" >&2
}

# normalize_version strips a leading "v" and checks the form X.Y.Z[-pre].
normalize_version() {
	local v=${1#v}
	[[ $v =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]] || die "not a version: '$1'"
	printf '%s\n' "$v"
}

TERRAFORM_VERSION=$(normalize_version "${TF_COMPAT_TERRAFORM_VERSION:-$DEFAULT_TERRAFORM_VERSION}")
TOFU_VERSION=$(normalize_version "${TF_COMPAT_TOFU_VERSION:-$DEFAULT_TOFU_VERSION}")
CACHE_DIR=${GITPOD_TF_CLI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-gitpod/clis}

# The work directory of the build under way; removed on any exit.
WORK_DIR=""
cleanup() {
	if [[ -n $WORK_DIR && -d $WORK_DIR ]]; then
		# The copied module sources may be read-only.
		chmod -R u+w "$WORK_DIR" 2>/dev/null || true
		rm -rf "$WORK_DIR"
	fi
}
# A long-running command (go build) runs in the background, in its own
# process group, so that a signal to this script is handled at once rather
# than after the command ends. The handler interrupts the whole group (go
# stops its compilers and removes its own temp files on SIGINT) and waits for
# it before the EXIT trap removes the work directory.
CHILD_PID=""
on_signal() {
	if [[ -n $CHILD_PID ]]; then
		kill -INT -- "-$CHILD_PID" 2>/dev/null || true
		wait "$CHILD_PID" 2>/dev/null || true
	fi
	exit "$1"
}
trap cleanup EXIT
trap 'on_signal 130' INT
trap 'on_signal 143' TERM
trap 'on_signal 129' HUP

# run_child runs a command as described above and returns its status.
run_child() {
	local rc=0
	set -m # job control: the background job gets its own process group
	"$@" &
	CHILD_PID=$!
	set +m
	wait "$CHILD_PID" || rc=$?
	CHILD_PID=""
	return "$rc"
}

# Seconds since the epoch, for timings.
now() { date +%s; }

# module_dir MODULE VERSION prints the module cache directory holding the
# source of MODULE@vVERSION, downloading it through GOPROXY if needed.
module_dir() {
	local module=$1 version=$2 json dir err
	# From / (outside any module or workspace): no go.mod above the cache
	# directory is read or updated.
	json=$(cd / && GOWORK=off go mod download -json "$module@v$version") || {
		err=$(printf '%s\n' "${json:-}" | sed -n 's/^[[:space:]]*"Error": "\(.*\)",\{0,1\}$/\1/p')
		die "go mod download $module@v$version failed${err:+: $err}"
	}
	dir=$(printf '%s\n' "$json" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')
	[[ -n $dir && -d $dir ]] || die "go mod download $module@v$version reported no source directory"
	printf '%s\n' "$dir"
}

# writable_copy SRC DST copies a read-only module cache tree to DST.
writable_copy() {
	cp -R "$1" "$2"
	chmod -R u+w "$2"
}

# regex_quote STRING escapes ERE metacharacters.
regex_quote() {
	# shellcheck disable=SC2016 # the $ in the bracket expression is literal
	printf '%s' "$1" | sed 's/[][\.|$(){}?+*^]/\\&/g'
}

# delete_lines FILE ERE EXPECTED deletes the lines of FILE matching ERE and
# fails unless exactly EXPECTED lines matched.
delete_lines() {
	local file=$1 ere=$2 expected=$3 count
	count=$(grep -cE -- "$ere" "$file" || true)
	((count == expected)) || die "$file: $count lines match /$ere/, expected $expected; the source changed, update $0"
	# grep -v exits 1 when it prints nothing; that is no error here.
	grep -vE -- "$ere" "$file" >"$file.tmp" || [[ $? -eq 1 ]]
	mv "$file.tmp" "$file"
}

# patch_terraform SRC removes the nested modules that the module zip of
# github.com/hashicorp/terraform lacks: their require and replace directives
# in go.mod, and the backends' imports and registrations in init.go.
patch_terraform() {
	local src=$1 init_go=internal/backend/init/init.go
	local -a nested=()
	local mod rel alias q f
	local -a importers

	# The nested modules are the local-path replacements whose directory is
	# not in the zip.
	while read -r mod rel; do
		[[ -e $src/$rel ]] || nested+=("$mod")
	done < <(awk '
		/^replace[[:space:]]*\($/ { inblock = 1; next }
		inblock && /^\)/ { inblock = 0; next }
		{
			line = $0
			if (!inblock) { if (line !~ /^replace[[:space:]]/) next; sub(/^replace[[:space:]]+/, "", line) }
			n = split(line, f, /[[:space:]]+/)
			if (f[1] == "") { for (i = 1; i < n; i++) f[i] = f[i + 1]; n-- }
			if (n == 3 && f[2] == "=>" && f[3] ~ /^\.\.?\//) print f[1], f[3]
		}' "$src/go.mod")
	((${#nested[@]} > 0)) || die "$src/go.mod: found no local replace directives for nested modules; the source changed, update $0"
	log "terraform: dropping nested modules: ${nested[*]##*/internal/}"

	for mod in "${nested[@]}"; do
		q=$(regex_quote "$mod")
		# Only init.go may import them (test files are not built; the zip
		# has no files of the nested modules themselves).
		importers=()
		while IFS= read -r f; do
			[[ $f == *_test.go ]] || importers+=("${f#"$src"/}")
		done < <(grep -rlE --include='*.go' -- "^[[:space:]]*(import[[:space:]]+)?([A-Za-z_][A-Za-z0-9_.]*[[:space:]]+)?\"$q\"" "$src" || true)
		if ((${#importers[@]} > 0)); then
			if [[ ${#importers[@]} -ne 1 || ${importers[0]} != "$init_go" ]]; then
				die "nested module $mod is imported by ${importers[*]}, not only by $init_go; update $0"
			fi
			alias=$(sed -nE "s#^[[:space:]]*([A-Za-z_][A-Za-z0-9_]*)[[:space:]]+\"$q\"[[:space:]]*\$#\1#p" "$src/$init_go")
			[[ -n $alias ]] || alias=${mod##*/}
			delete_lines "$src/$init_go" "^[[:space:]]*([A-Za-z_][A-Za-z0-9_]*[[:space:]]+)?\"$q\"[[:space:]]*$" 1
			# Registrations look like:  "s3": func() backend.Backend { return backendS3.New() },
			delete_lines "$src/$init_go" "^[[:space:]]*\"[^\"]+\":[[:space:]]*func\\(\\)[^{]*\\{[[:space:]]*return[[:space:]]+$alias\\.New\\([^)]*\\)[[:space:]]*\\},[[:space:]]*$" 1
			if grep -qE -- "(^|[^A-Za-z0-9_])$alias\\." "$src/$init_go"; then
				die "$src/$init_go: $alias is still used after removing its registration; update $0"
			fi
		fi

		grep -qF -- "$mod" "$src/go.mod" || die "$src/go.mod does not mention $mod"
		(cd "$src" && GOWORK=off go mod edit -droprequire="$mod" -dropreplace="$mod")
		if grep -qF -- "$mod" "$src/go.mod"; then
			die "$src/go.mod still mentions $mod after go mod edit; update $0"
		fi
	done

	gofmt -l "$src/$init_go" >/dev/null || die "$src/$init_go does not parse after the edit"
	gofmt -w "$src/$init_go"
}

# go_build_in DIR ARGS... execs go build ARGS in DIR (in run_child's
# background subshell, so that CHILD_PID is the go command itself).
go_build_in() {
	cd "$1" || return
	shift
	# go's own temp files go under the work directory too, so an interrupted
	# build leaves nothing behind in $TMPDIR.
	mkdir -p "$WORK_DIR/gotmp"
	GOWORK=off GOTMPDIR="$WORK_DIR/gotmp" exec go build "$@"
}

# check_binary BIN EXPECTED_FIRST_LINE runs BIN --version, with an empty CLI
# configuration: a TF_CLI_CONFIG_FILE (or TOFU_CLI_CONFIG_FILE) naming a
# missing or broken file would otherwise put a warning before the version.
check_binary() {
	local bin=$1 want=$2 out first
	out=$(CHECKPOINT_DISABLE=1 TF_CLI_CONFIG_FILE=/dev/null TOFU_CLI_CONFIG_FILE=/dev/null "$bin" --version 2>&1) || die "$bin --version failed: $out"
	first=${out%%$'\n'*}
	[[ $first == "$want" ]] || die "$bin --version printed '$first', expected '$want'"
}

# ensure NAME prints the path of the cached binary NAME (terraform or tofu),
# building it first if needed.
ensure() {
	local name=$1 module version pkg banner
	case $name in
	terraform) module=github.com/hashicorp/terraform version=$TERRAFORM_VERSION pkg=. banner=Terraform ;;
	tofu) module=github.com/opentofu/opentofu version=$TOFU_VERSION pkg=./cmd/tofu banner=OpenTofu ;;
	*) die "unknown CLI '$name' (want terraform or tofu)" ;;
	esac
	local dest_dir=$CACHE_DIR/$name-$version
	local dest=$dest_dir/$name

	if [[ -x $dest ]]; then
		printf '%s\n' "$dest"
		return
	fi

	local lock_fd
	exec {lock_fd}>"$CACHE_DIR/.$name-$version.lock"
	if ! flock -n "$lock_fd"; then
		log "$name $version: another run is building it; waiting for its lock"
		flock "$lock_fd"
	fi
	if [[ -x $dest ]]; then # built by the run we waited for
		exec {lock_fd}>&-
		printf '%s\n' "$dest"
		return
	fi

	# Leftovers of a run that was killed (SIGKILL skips the EXIT trap).
	local stale
	for stale in "$CACHE_DIR/.build-$name-$version".*; do
		[[ -e $stale ]] || continue
		log "$name $version: removing the leftover $stale"
		chmod -R u+w "$stale" 2>/dev/null || true
		rm -rf "$stale"
	done

	# In the cache directory, so the final mv is a rename on one file system.
	WORK_DIR=$(mktemp -d "$CACHE_DIR/.build-$name-$version.XXXXXX")
	local start src
	start=$(now)
	log "$name $version: downloading $module@v$version"
	src=$(module_dir "$module" "$version")
	log "$name $version: copying $src"
	writable_copy "$src" "$WORK_DIR/src"
	if [[ $name == terraform ]]; then
		patch_terraform "$WORK_DIR/src"
	fi

	log "$name $version: go build $pkg (takes minutes)"
	# -mod=mod on the command line overrides any -mod in GOFLAGS and lets the
	# go command fix go.mod/go.sum after the edit. dev=no drops the "-dev"
	# suffix that would make the version compare below $version.
	run_child go_build_in "$WORK_DIR/src" -mod=mod -trimpath \
		-ldflags "-s -w -X $module/version.dev=no" \
		-o "$WORK_DIR/$name" "$pkg" || die "$name $version: go build failed"

	check_binary "$WORK_DIR/$name" "$banner v$version"
	mkdir -p "$dest_dir"
	mv -f "$WORK_DIR/$name" "$dest"
	cleanup
	WORK_DIR=""
	exec {lock_fd}>&-
	log "$name $version: built in $(($(now) - start))s: $dest"
	printf '%s\n' "$dest"
}

main() {
	local -a names=()
	local arg
	for arg in "$@"; do
		case $arg in
		terraform | tofu) names+=("$arg") ;;
		-h | --help)
			usage
			return 0
			;;
		*)
			usage
			die "unknown argument '$arg'"
			;;
		esac
	done
	((${#names[@]} > 0)) || names=(terraform tofu)

	command -v go >/dev/null || die "go is not on PATH"
	command -v flock >/dev/null || die "flock is not on PATH (util-linux)"
	mkdir -p "$CACHE_DIR"
	CACHE_DIR=$(cd "$CACHE_DIR" && pwd -P)

	local name
	for name in "${names[@]}"; do
		ensure "$name"
	done
}

main "$@"
