# ec2-key-rotate host script: the body that buildHostScript() (host-script.ts)
# puts after its variable header, or the project's SSM document (document.ts)
# after the lines that read its parameters. POSIX sh (dash runs it). Runs as
# root under SSM Run Command and uses coreutils, grep, sed, awk,
# getent, sshd and ssh-keygen, and where present flock, setpriv or runuser
# (util-linux), chcon and restorecon.
#
# Inputs, set by the header:
#   EC2KR_PHASE        probe | add | verify | revoke | keyless | inventory | audit
#   EC2KR_OLD_BLOBS    base64 blobs of the leaked key(s), space-separated
#   EC2KR_NEW_LINE     the new key's authorized_keys line (type blob comment)
#   EC2KR_NEW_BLOB     its base64 blob; EC2KR_NEW_TYPE its type
#   EC2KR_NEW_FP       its SHA256 fingerprint, as ssh-keygen -l prints it
#   EC2KR_EXTRA_USERS  users who get the new key even without the old one
#   EC2KR_SINCE        audit: Unix time of the leak (may be empty)
# (probe may be given the new key: it then counts the files holding it.)
# audit (read-only, no lock) finds the files that hold the old key as probe
# does, then runs ec2kr_audit (audit.sh, put before this script for that
# phase only), which prints its own lines and result (see audit.sh).
# keyless removes old-key lines as revoke does, without a new key: the tool
# sends it only to SSM-online instances (Session Manager is the way in). It
# is ok only when no file sshd may read for any user holds an old key.
# inventory (read-only, no old key needed) counts the files sshd reads for
# EC2KR_EXTRA_USERS (the AMIs' default users) that hold any key: each is an
# EC2KR-FILE reason=has-keys line, and kept= says how many.
#
# Guarantees:
# - Which files: the union of AuthorizedKeysFile over sshd's global section
#   and every Match block, as `sshd -T -C` reports it, for every account
#   (getent passwd, plus owners of home directories that only a lookup by
#   uid finds). sshd -T runs once per distinct Match context (users that the
#   same User/Group criteria select, crossed with the connections that
#   Address/Host/LocalAddress/LocalPort criteria select, and each
#   ListenAddress), not once per user.
# - Reads as sshd does: every authorized_keys file is opened, resolved and
#   checked with its user's uid, gid and groups (coreutils chroot into / with
#   numeric ids, else setpriv, else runuser), never by root, so no link a
#   user plants makes root open anything (root only stats paths).
# - No write through a link a user controls: a file whose real path is in
#   its user's home is written as that user, and refused when a link takes it
#   out of the home or a path component is owned by someone other than the
#   user or root. Any other file is written by root only when every directory
#   of its real path is root's and not group/other-writable. Refused files
#   are reported with their reason. Writes: temp file in the same directory,
#   fsync, rename, fsync of the directory; owner (root writes), mode and
#   SELinux context kept. Only key lines change: add puts a new-key line
#   after an old-key line (same options), revoke deletes old-key lines.
# - No lockout: the new key goes only into files sshd reads for that user
#   (StrictModes as sshd checks them, Debian's private-group rule included),
#   and only when sshd accepts its type for that user on every listening
#   address (PubkeyAcceptedAlgorithms, or PubkeyAcceptedKeyTypes). An old key
#   is removed from a file only when that file holds the new key with every
#   option the old lines had, sshd accepts its type for the user, and
#   `ssh-keygen -l` finds it there. Files sshd ignores never get the new key;
#   their old-key lines are removed where they can be written.
# - Fail closed: a file that cannot be read as its user, a home owned by an
#   account `getent` cannot name, an AuthorizedKeysCommand other than EC2
#   Instance Connect's, or a failing `sshd -t` make the host incomplete; a
#   host is ok after revoke only when no file sshd may read for any user
#   holds an old key.
# - One run at a time per host: flock on /run/ec2-key-rotate.lock.
#
# Output (stdout, short: Run Command keeps 2,500 characters): at most eight
#   EC2KR-FILE reason=<token> user=<name> path=<path>
# lines (files that keep an old key, refused files, ignored files), at most
# four `EC2KR-NOTE <token>` lines, then exactly one
#   EC2KR-RESULT v=2 phase=<phase> status=ok|incomplete|failed files=N old=N
#     new=N added=N removed=N kept=N ignored=N [accepts=<types>] [error=<token>]
# files: files looked at; old: files sshd reads that held an old key; new:
# files sshd reads that hold the verified new key at the end; kept: files
# sshd reads that still hold an old key (or could not be checked); ignored:
# files sshd ignores that still hold an old key. Exit 0 for ok, 1 for
# incomplete, 2 for failed (the script could not run: error= says why).

LC_ALL=C
export LC_ALL
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export PATH
umask 077
set -f
TAB=$(printf '\t')
NL='
'
IFS=" $TAB$NL"

nfiles=0
nold=0
nnew=0
nadded=0
nremoved=0
nkept=0
nignored=0
nshown=0
nnotes=0
incomplete=0
accepts=
MADE_DIR=

result() {
  printf 'EC2KR-RESULT v=2 phase=%s status=%s files=%d old=%d new=%d added=%d removed=%d kept=%d ignored=%d%s\n' \
    "$EC2KR_PHASE" "$1" "$nfiles" "$nold" "$nnew" "$nadded" "$nremoved" "$nkept" "$nignored" "${2:-}"
}

fatal() {
  result failed " error=$1"
  exit 2
}

# short TEXT: control characters and blanks replaced, long text cut from the
# left, so each output line stays short and parsable.
short() {
  sp=$(printf '%s' "$1" | tr -c '[:graph:]' '?')
  if [ "${#sp}" -gt 120 ]; then
    sp=...$(printf '%s' "$sp" | tail -c 117)
  fi
  printf '%s' "$sp"
}

# show REASON USER PATH: one EC2KR-FILE line (the first eight only).
show() {
  if [ "$nshown" -lt 8 ]; then
    nshown=$((nshown + 1))
    printf 'EC2KR-FILE reason=%s user=%s path=%s\n' "$(short "$1")" "$(short "$2")" "$(short "$3")"
  fi
}

# keep REASON USER PATH: a file sshd reads keeps an old key (or was not checked).
keep() {
  nkept=$((nkept + 1))
  incomplete=1
  show "$@"
}

# problem REASON USER PATH: something failed that leaves the host incomplete.
problem() {
  incomplete=1
  show "$@"
}

# unsure REASON USER PATH: the new key is in a file but does not work there.
unsure() {
  if [ "$old" -gt 0 ]; then keep "$@"; else problem "$@"; fi
}

note() {
  if [ "$nnotes" -lt 4 ]; then
    nnotes=$((nnotes + 1))
    printf 'EC2KR-NOTE %s\n' "$(short "$1")"
  fi
}

case $EC2KR_PHASE in
  probe | add | verify | revoke | keyless | inventory | audit) ;;
  *) fatal bad-phase ;;
esac
# The audit's output has its own budget: no file or note lines.
if [ "$EC2KR_PHASE" = audit ]; then
  nshown=8
  nnotes=4
fi
for tool in awk cat chmod chown grep id mkdir mktemp mv readlink sed sort stat tail timeout tr; do
  command -v "$tool" >/dev/null 2>&1 || fatal "missing-$tool"
done
if [ "$EC2KR_PHASE" = add ] || [ "$EC2KR_PHASE" = verify ] || [ "$EC2KR_PHASE" = revoke ]; then
  [ -n "$EC2KR_NEW_BLOB" ] && [ -n "$EC2KR_NEW_TYPE" ] && [ -n "$EC2KR_NEW_FP" ] || fatal no-new-key
  command -v ssh-keygen >/dev/null 2>&1 || fatal missing-ssh-keygen
fi
export EC2KR_OLD_BLOBS EC2KR_NEW_LINE EC2KR_NEW_BLOB
[ "$(id -u)" = 0 ] || fatal not-root

# Reading and writing users' files as the user: coreutils chroot into / with
# numeric ids (`+uid`) changes uid, gid and groups without an account
# lookup (setpriv looks the account up each time: slow with many accounts).
if chroot --userspec=+0:+0 --groups=+0 / true >/dev/null 2>&1; then
  ASUSER=chroot
elif setpriv --reuid=0 --regid=0 --clear-groups -- true >/dev/null 2>&1; then
  ASUSER=setpriv
elif runuser -u root -- true >/dev/null 2>&1; then
  ASUSER=runuser
else
  fatal missing-setpriv
fi

# --- lock ------------------------------------------------------------------
# /run is root's and not writable by others on every systemd host; the lock
# file is opened only there.
LOCK=/run/ec2-key-rotate.lock
set -- $(stat -c '%u %a' /run 2>/dev/null)
if [ "$EC2KR_PHASE" = audit ]; then
  : # reads only: never waits for a rotation's lock
elif [ "${1:-x}" != 0 ] || [ $((0${2:-2} & 022)) -ne 0 ] || [ -L "$LOCK" ]; then
  fatal unsafe-run-dir
elif command -v flock >/dev/null 2>&1; then
  exec 9>>"$LOCK" || fatal lock
  flock -w 300 9 || fatal locked
else
  # Without flock: a lock directory, taken over when its owner is gone.
  waited=0
  until mkdir "$LOCK.d" 2>/dev/null; do
    holder=$(cat "$LOCK.d/pid" 2>/dev/null)
    if [ -n "$holder" ] && ! kill -0 "$holder" 2>/dev/null; then
      rm -rf "$LOCK.d"
      continue
    fi
    [ "$waited" -lt 300 ] || fatal locked
    sleep 1
    waited=$((waited + 1))
  done
  echo $$ >"$LOCK.d/pid"
  MADE_DIR="$MADE_DIR $LOCK.d"
fi

T=$(mktemp -d 2>/dev/null) || fatal mktemp
# Programs that run as a user live in $P (readable); everything else in $T stays root's.
P=$T/pub
cleanup() {
  rm -rf "$T"
  for d in $MADE_DIR; do rm -rf "$d"; done
}
trap cleanup EXIT
trap 'exit 2' HUP INT TERM
chmod 711 "$T" && mkdir -m 755 "$P" || fatal mktemp

# --- awk: parsing authorized_keys lines ------------------------------------
# parse(line) sets OPTS (the options, verbatim), TYPE and BLOB; 0 for blank,
# comment and unparsable lines. Options end at the first blank outside
# double quotes (a backslash escapes a quote), as sshd reads them.
cat >"$P/parse.awk" <<'AWK'
function parse(line,   s, i, c, n, inq, a) {
  OPTS = ""; TYPE = ""; BLOB = ""
  s = line
  sub(/\r$/, "", s)
  sub(/^[ \t]+/, "", s)
  if (s == "" || substr(s, 1, 1) == "#") return 0
  if (s !~ /^(ssh-|ecdsa-|sk-)/) {
    n = length(s); inq = 0
    for (i = 1; i <= n; i++) {
      c = substr(s, i, 1)
      if (inq) {
        if (c == "\\") i++
        else if (c == "\"") inq = 0
      } else if (c == "\"") inq = 1
      else if (c == " " || c == "\t") break
    }
    OPTS = substr(s, 1, i - 1)
    s = substr(s, i)
  }
  if (split(s, a, " ") < 2) return 0
  TYPE = a[1]; BLOB = a[2]
  return 1
}
function keys(   t, i, n) {
  NEWLINE = ENVIRON["EC2KR_NEW_LINE"]; NEWBLOB = ENVIRON["EC2KR_NEW_BLOB"]
  n = split(ENVIRON["EC2KR_OLD_BLOBS"], t, " ")
  for (i = 1; i <= n; i++) OLD[t[i]] = 1
}
AWK

# summary (run as the user): reads "n<TAB>path" lines (after "@ uid gid
# user" headers, only its own account's when ME is set), prints
# "n<TAB>R<TAB>old<TAB>new<TAB>need" (lines holding an old blob, lines
# holding the new one, option strings of old lines that no new line has
# yet), or "n<TAB>U" when the file cannot be read.
cat >"$P/summary.awk" <<'AWK'
# gone(f): the file surely does not exist for this user: neither it nor a
# link is there, and the nearest directory on its path that is there can be
# searched by the user (NFS with root_squash hides from root what the user
# sees; a link into a directory the user cannot search is unreadable, not gone).
function gone(f,   q) {
  q = f; gsub(/'/, "'\\''", q)
  return system("sh \"$EC2KR_P/gone.sh\" '" q "'") == 0
}
BEGIN { keys(); FS = "\t"; mine = (ME == "") }
# A group's file holds every account's block: this reader takes its own.
/^@ / { mine = (substr($0, 3) == ME); next }
!mine { next }
{
  n = $1; f = substr($0, length(n) + 2)
  o = 0; nw = 0; w = 0; need = 0
  split("", want); split("", have)
  r = (getline line < f)
  if (r < 0) { print n "\t" (gone(f) ? "A" : "U"); next }
  while (r > 0) {
    if (parse(line)) {
      if (BLOB in OLD) {
        o++
        if (!(OPTS in want)) { want[OPTS] = 1; order[++w] = OPTS }
      } else if (BLOB == NEWBLOB) {
        nw++; have[OPTS] = 1
      }
    }
    r = (getline line < f)
  }
  close(f)
  if (r < 0) { print n "\tU"; next }
  for (k = 1; k <= w; k++) if (!(order[k] in have)) need++
  print n "\tR\t" o "\t" nw "\t" need
}
AWK

# edit: MODE=add prints the file with a new-key line after the first old-key
# line of each option string that has no new-key line yet (ENSURE=1: the
# bare new key at the end when no line holds it); MODE=revoke prints the
# file without old-key lines. A file without a final newline (its SIZE is
# one byte short of the lines read) keeps it that way unless a line is added
# at its end; a CRLF line's new line ends in CRLF.
cat >"$P/edit.awk" <<'AWK'
function out(s) {
  if (nout++) printf "\n"
  printf "%s", s
}
BEGIN { keys(); nw = 0; nnew = 0; count = 0; nout = 0; bytes = 0 }
{
  line[NR] = $0
  bytes += length($0) + 1
  if (!parse($0)) next
  if (BLOB in OLD) {
    isold[NR] = 1
    if (!(OPTS in want)) {
      want[OPTS] = NR; order[++nw] = OPTS
      cr[NR] = ($0 ~ /\r$/) ? "\r" : ""
    }
  } else if (BLOB == NEWBLOB) {
    have[OPTS] = 1; nnew++
  }
}
END {
  if (MODE == "add") {
    for (k = 1; k <= nw; k++) {
      o = order[k]
      if (o in have) continue
      ins[want[o]] = (o == "" ? "" : o " ") NEWLINE cr[want[o]]
      count++
    }
  }
  tail = 0
  for (i = 1; i <= NR; i++) {
    if (MODE == "revoke" && (i in isold)) { count++; continue }
    out(line[i])
    if (i in ins) { out(ins[i]); if (i == NR) tail = 1 }
  }
  if (MODE == "add" && ENSURE && nnew == 0 && count == 0) {
    out(NEWLINE); count++; tail = 1
  }
  if (nout && (bytes == SIZE || tail || NR == 0)) printf "\n"
}
AWK

# edit.sh MODE ENSURE DIR BASE [OWNER]: rewrites DIR/BASE (run as its user,
# or as root in a directory only root can write). It works inside DIR, after
# checking that DIR is still the real directory it was, so a directory
# swapped for a link after the checks is noticed, not followed. Prints one
# "EDIT <token>" line.
cat >"$P/edit.sh" <<'SH'
set -f
umask 077
mode=$1 ensure=$2 dir=$3 base=$4 owner=${5:-}
cd -P -- "$dir" 2>/dev/null || { echo 'EDIT no-dir'; exit 1; }
[ "$(pwd -P)" = "$dir" ] || { echo 'EDIT moved'; exit 1; }
if [ -e "$base" ] || [ -L "$base" ]; then
  if [ -L "$base" ] || [ ! -f "$base" ]; then echo 'EDIT not-regular'; exit 1; fi
  set -- $(stat -c '%u:%g %a %s %g' -- "$base" 2>/dev/null)
  keep=${1:-} perm=${2:-} size=${3:-} group=${4:-}
  [ -n "$group" ] || { echo 'EDIT stat'; exit 1; }
else
  [ "$mode" = add ] && [ "$ensure" = 1 ] || { echo 'EDIT gone'; exit 1; }
  keep=$owner perm=600 size=0 group=
fi
tmp=$(mktemp ./.ec2kr.XXXXXX 2>/dev/null) || { echo 'EDIT write'; exit 1; }
trap 'rm -f "$tmp"' EXIT
if [ "$size" = 0 ] && [ -z "$group" ]; then
  printf '%s\n' "$EC2KR_NEW_LINE" >"$tmp" || { echo 'EDIT write'; exit 1; }
else
  awk -v MODE="$mode" -v SIZE="$size" -v ENSURE="$ensure" -f "$EC2KR_P/parse.awk" \
    -f "$EC2KR_P/edit.awk" "./$base" >"$tmp" </dev/null || { echo 'EDIT write'; exit 1; }
fi
chmod "$perm" "$tmp" || { echo 'EDIT write'; exit 1; }
if [ -n "$owner" ]; then
  # root, in a directory only root can write: keep the owner.
  chown "$keep" "$tmp" || { echo 'EDIT write'; exit 1; }
elif [ -n "$group" ]; then
  chgrp "$group" "$tmp" 2>/dev/null || :
fi
if [ -e "$base" ] && command -v chcon >/dev/null 2>&1; then
  chcon --reference="$base" "$tmp" >/dev/null 2>&1 || :
fi
dd if=/dev/null of="$tmp" conv=notrunc,fsync 2>/dev/null || sync
mv -f -- "$tmp" "$base" || { echo 'EDIT write'; exit 1; }
trap - EXIT
sync -- . 2>/dev/null || sync
echo 'EDIT ok'
SH
cat >"$P/gone.sh" <<'SH'
f=$1
if [ -e "$f" ] || [ -L "$f" ]; then exit 1; fi
d=${f%/*}
while [ -n "$d" ] && [ ! -e "$d" ] && [ ! -L "$d" ]; do d=${d%/*}; done
[ -x "${d:-/}" ] && [ -d "${d:-/}" ]
SH
chmod 644 "$P/parse.awk" "$P/summary.awk" "$P/edit.awk" "$P/edit.sh" "$P/gone.sh" || fatal mktemp
EC2KR_P=$P
export EC2KR_P

# as_user USER UID GID CMD...: CMD with the user's uid, gid and groups, as
# sshd reads their files; bounded in time and memory.
as_user() {
  au_name=$1 au_uid=$2 au_gid=$3
  shift 3
  au_groups=
  if [ "$ASUSER" = chroot ] && [ "$au_uid" != 0 ]; then
    au_groups=$(awk -F '\t' -v u="$au_name" '$1 == u { print $3; exit }' "$T/groupsof")
    [ -n "$au_groups" ] || au_groups=+$au_gid
  fi
  (
    ulimit -v 1048576 2>/dev/null
    if [ "$au_uid" = 0 ]; then
      exec timeout -s KILL 60 "$@"
    elif [ "$ASUSER" = chroot ]; then
      exec timeout -s KILL 60 chroot --userspec="+$au_uid:+$au_gid" --groups="$au_groups" / "$@"
    elif [ "$ASUSER" = setpriv ]; then
      exec timeout -s KILL 60 setpriv --reuid="$au_uid" --regid="$au_gid" --init-groups -- "$@"
    else
      exec timeout -s KILL 60 runuser -u "$au_name" -- "$@"
    fi
  )
}

# --- accounts --------------------------------------------------------------
if command -v getent >/dev/null 2>&1 && getent passwd >"$T/passwd" 2>/dev/null && [ -s "$T/passwd" ]; then
  getent group >"$T/group" 2>/dev/null || cat /etc/group >"$T/group" 2>/dev/null
elif [ -r /etc/passwd ]; then
  cat /etc/passwd >"$T/passwd"
  cat /etc/group >"$T/group" 2>/dev/null
else
  fatal no-passwd
fi
: >>"$T/group"

# Homes owned by accounts that enumeration did not list (LDAP, SSSD without
# enumerate): looked up by uid, or the host is incomplete.
awk -F: '$3 >= 1000 && $6 ~ /^\/./ { d = $6; sub(/\/[^\/]*\/?$/, "", d); if (d != "") print d }
  END { print "/home" }' "$T/passwd" | sort -u >"$T/homeparents"
: >"$T/homedirs"
while IFS= read -r parent; do
  [ -d "$parent" ] && [ ! -L "$parent" ] || continue
  case $parent in / | /bin | /sbin | /usr | /usr/* | /var | /dev | /proc | /sys | /run | /etc | /tmp) continue ;; esac
  set +f
  for d in "$parent"/*; do
    [ -d "$d" ] && [ ! -L "$d" ] && printf '%s\n' "$d"
  done >>"$T/homedirs"
  set -f
done <"$T/homeparents"
if [ -s "$T/homedirs" ]; then
  tr '\n' '\0' <"$T/homedirs" | xargs -0 stat -c '%u' -- 2>/dev/null | sort -un >"$T/homeuids"
  awk -F: '{ print $3 }' "$T/passwd" | sort -un >"$T/knownuids"
  unknown=0
  for uid in $(awk 'NR == FNR { k[$1] = 1; next } !($1 in k)' "$T/knownuids" "$T/homeuids"); do
    if getent passwd "$uid" >>"$T/passwd" 2>/dev/null; then
      :
    else
      unknown=$((unknown + 1))
    fi
  done
  if [ "$unknown" -gt 0 ]; then
    incomplete=1
    note "unenumerated-homes=$unknown"
  fi
fi

# --- sshd's view -----------------------------------------------------------
SSHD=
for c in /usr/sbin/sshd /usr/local/sbin/sshd /usr/bin/sshd /sbin/sshd; do
  if [ -x "$c" ]; then
    SSHD=$c
    break
  fi
done
[ -n "$SSHD" ] || fatal no-sshd
DEFADDR=192.0.2.1
PRIVSEP=0

# sshd_T SPEC: `sshd -T -C SPEC` into $T/t, its debug log (the config lines
# as written, quotes and all) into $T/t.err. A missing privilege separation
# directory (socket-activated sshd that has not run yet) is made for the
# check and removed at exit. An AuthorizedKeysFile whose quoted path holds a
# blank cannot be read back from `sshd -T` (it prints the words unquoted):
# the host is then incomplete rather than guessed at.
QUOTED_AKF=0
sshd_T() {
  sshd_T_run "$1" || return 1
  if grep -q 'setting AuthorizedKeysFile .*"[^"]*[[:space:]][^"]*"' "$T/t.err"; then
    QUOTED_AKF=1
  fi
  return 0
}
sshd_T_run() {
  "$SSHD" -ddd -T -C "$1" >"$T/t" 2>"$T/t.err" </dev/null && return 0
  [ "$PRIVSEP" = 0 ] || return 1
  PRIVSEP=1
  d=$(sed -n 's/.*[Pp]rivilege separation directory: *\([^ ]*\).*/\1/p' "$T/t.err" | head -n 1)
  case $d in
    /run/sshd | /var/run/sshd | /var/empty | /var/empty/sshd) ;;
    *) return 1 ;;
  esac
  [ ! -e "$d" ] && mkdir -m 755 "$d" 2>/dev/null || return 1
  MADE_DIR="$MADE_DIR $d"
  "$SSHD" -ddd -T -C "$1" >"$T/t" 2>"$T/t.err" </dev/null
}

sshd_T "user=root,host=$DEFADDR,addr=$DEFADDR" || fatal sshd-T-failed
STRICT=$(awk '$1 == "strictmodes" { print $2 }' "$T/t")
# Listening addresses, as laddr/lport pairs.
awk '$1 == "listenaddress" {
    v = $2
    if (v ~ /^\[/) { a = substr(v, 2, index(v, "]") - 2); p = substr(v, index(v, "]") + 2) }
    else { a = v; p = v; sub(/:[^:]*$/, "", a); sub(/^.*:/, "", p) }
    print a "\t" p
  }' "$T/t" >"$T/listen"
[ -s "$T/listen" ] || printf '0.0.0.0\t22\n' >"$T/listen"

# Match criteria, every block, Include'd files too: sshd's own parser names
# each (debug3); the config files are the fallback for sshd builds that do not.
sed -n "s/^debug3: checking syntax for 'Match \(.*\)'\$/\1/p" "$T/t.err" >"$T/match"
if [ ! -s "$T/match" ]; then
  grep -rhsi '^[[:space:]]*match[[:space:]]' /etc/ssh/sshd_config /etc/ssh/sshd_config.d 2>/dev/null |
    sed 's/^[[:space:]]*[Mm][Aa][Tt][Cc][Hh][[:space:]]*//' >"$T/match"
fi

# classes.awk: each account's Match signature (which blocks its User/Group
# criteria select), sshd's pattern-list rules (wildcards, `!` negation).
cat >"$T/classes.awk" <<'AWK'
function gmatch(s, p,   c) {
  while (1) {
    if (p == "") return s == ""
    c = substr(p, 1, 1)
    if (c == "*") {
      p = substr(p, 2)
      if (p == "") return 1
      while (1) {
        if (gmatch(s, p)) return 1
        if (s == "") return 0
        s = substr(s, 2)
      }
    }
    if (s == "") return 0
    if (c != "?" && c != substr(s, 1, 1)) return 0
    s = substr(s, 2); p = substr(p, 2)
  }
}
function mlist(s, list,   n, a, i, pat, neg, got) {
  n = split(list, a, ","); got = 0
  for (i = 1; i <= n; i++) {
    pat = a[i]; neg = 0
    if (substr(pat, 1, 1) == "!") { neg = 1; pat = substr(pat, 2) }
    if (gmatch(s, pat)) { if (neg) return -1; got = 1 }
  }
  return got
}
function unq(v) { gsub(/"/, "", v); return v }
FILENAME == MATCHF {
  nm++; U[nm] = ""; G[nm] = ""
  n = split($0, t, /[ \t]+/)
  for (i = 1; i <= n; i++) {
    k = tolower(unq(t[i]))
    if (k == "user") U[nm] = unq(t[++i])
    else if (k == "group") G[nm] = unq(t[++i])
    else if (k == "address" || k == "host" || k == "localaddress" || k == "localport" || k == "rdomain") i++
  }
  next
}
FILENAME == GROUPF {
  split($0, gf, ":")
  gname[gf[3]] = gf[1]
  nmem = split(gf[4], mem, ",")
  for (i = 1; i <= nmem; i++) if (mem[i] != "") {
    sup[mem[i]] = sup[mem[i]] SUBSEP gf[1]; supg[mem[i]] = supg[mem[i]] "," gf[3]
    supn[gf[3]]++; supw[gf[3]] = mem[i]
  }
  next
}
{
  split($0, p, ":")
  if (p[1] == "" || (p[1] in seen) || p[3] !~ /^[0-9]+$/ || p[4] !~ /^[0-9]+$/) next
  if (p[6] ~ /\t/ || p[1] ~ /\t/) { print p[1] > BADHOME; next }
  seen[p[1]] = 1
  nu++; name[nu] = p[1]; uid[nu] = p[3]; gid[nu] = p[4]; home[nu] = p[6]
  prim[p[4]]++; primw[p[4]] = p[3]
}
END {
  for (u = 1; u <= nu; u++) {
    sig = ""
    for (m = 1; m <= nm; m++) {
      ok = 1
      if (U[m] != "" && mlist(name[u], U[m]) != 1) ok = 0
      if (ok && G[m] != "") {
        found = 0
        ng = split(gname[gid[u]] sup[name[u]], gl, SUBSEP)
        for (j = 1; j <= ng; j++) {
          if (gl[j] == "") continue
          r = mlist(gl[j], G[m])
          if (r < 0) { found = 0; break }
          if (r > 0) found = 1
        }
        ok = found
      }
      sig = sig ok
    }
    if (sig == "") sig = "-"
    print sig "\t" name[u] "\t" uid[u] "\t" gid[u] "\t" home[u] > USERS
    # initgroups' list, computed once: setpriv --init-groups would scan the
    # account database again for every account.
    plus = "+" gid[u] supg[name[u]]; gsub(/,/, ",+", plus)
    print name[u] "\t" gid[u] supg[name[u]] "\t" plus > GROUPSOF
  }
  # Debian's StrictModes also accepts a group-writable file or directory
  # whose group has exactly one member, its owner.
  for (g in gname) {
    n = prim[g] + supn[g]
    if (n != 1) continue
    if (prim[g] == 1) print g "\t" primw[g] > PRIV
    else for (u = 1; u <= nu; u++) if (name[u] == supw[g]) print g "\t" uid[u] > PRIV
  }
}
AWK
: >"$T/priv"
awk -v MATCHF="$T/match" -v GROUPF="$T/group" -v USERS="$T/users" -v PRIV="$T/priv" \
  -v BADHOME="$T/badhome" -v GROUPSOF="$T/groupsof" \
  -f "$T/classes.awk" "$T/match" "$T/group" "$T/passwd" </dev/null || fatal classes

# Connections to ask sshd about: each listening address from an address no
# Match block names, and one connection that each block's Address, Host,
# LocalAddress and LocalPort criteria select.
awk -v DEF="$DEFADDR" 'function first(v,   n, a, i) {
    gsub(/"/, "", v); n = split(v, a, ",")
    for (i = 1; i <= n; i++) if (substr(a[i], 1, 1) != "!") { v = a[i]; sub(/\/.*/, "", v); gsub(/[*?]/, "1", v); return v }
    return ""
  }
  FILENAME == ARGV[1] { nl++; la[nl] = $1; lp[nl] = $2; next }
  {
    n = split($0, t, /[ \t]+/); h = ""; a = ""; l = ""; p = ""
    for (i = 1; i <= n; i++) {
      k = tolower(t[i]); gsub(/"/, "", k)
      if (k == "address") a = first(t[++i])
      else if (k == "host") { h = first(t[++i]); gsub(/1/, "x", h) }
      else if (k == "localaddress") l = first(t[++i])
      else if (k == "localport") p = first(t[++i])
      else if (k == "user" || k == "group" || k == "rdomain") i++
    }
    if (a == "" && h == "" && l == "" && p == "") next
    if (a == "") a = DEF
    if (h == "") h = a
    if (l == "") l = la[1]
    if (p == "") p = lp[1]
    print "host=" h ",addr=" a ",laddr=" l ",lport=" p
  }
  END { for (i = 1; i <= nl; i++) print "host=" DEF ",addr=" DEF ",laddr=" la[i] ",lport=" lp[i] }' \
  "$T/listen" "$T/match" </dev/null | sort -u >"$T/contexts"

# One representative account per signature; sshd -T for each of its
# connections. Per signature: AuthorizedKeysFile (union), the key types sshd
# accepts (intersection over connections that allow public keys),
# AuthorizedKeysCommand and TrustedUserCAKeys.
TYPES="ssh-ed25519 ssh-rsa ecdsa-sha2-nistp256 ecdsa-sha2-nistp384 ecdsa-sha2-nistp521 ${EC2KR_NEW_TYPE:-}"
: >"$T/classes"
for sig in $(cut -f1 "$T/users" | sort -u); do
  rep=$(awk -F '\t' -v s="$sig" '$1 == s { print $2; exit }' "$T/users")
  : >"$T/eval"
  while IFS= read -r ctx; do
    sshd_T "user=$rep,$ctx" || fatal sshd-T-failed
    cat "$T/t" >>"$T/eval"
    echo '@@end' >>"$T/eval"
  done <"$T/contexts"
  awk -v SIG="$sig" -v TYPES="$TYPES" '
    function reset() { pk = "yes"; split("", alg); algs = 0 }
    BEGIN { nt = split(TYPES, ty, " "); for (i = 1; i <= nt; i++) acc[ty[i]] = 1; reset() }
    $1 == "@@end" {
      if (pk != "no" && algs) for (i = 1; i <= nt; i++) {
        t = ty[i]
        if (t == "ssh-rsa") ok = ("ssh-rsa" in alg) || ("rsa-sha2-256" in alg) || ("rsa-sha2-512" in alg)
        else ok = (t in alg)
        if (!ok) acc[t] = 0
      }
      reset(); next
    }
    $1 == "authorizedkeysfile" { for (i = 2; i <= NF; i++) if (!($i in akf)) { akf[$i] = 1; list = list " " $i } }
    $1 == "pubkeyauthentication" { pk = $2 }
    $1 == "pubkeyacceptedalgorithms" || $1 == "pubkeyacceptedkeytypes" { n = split($2, a, ","); for (i = 1; i <= n; i++) alg[a[i]] = 1; algs = 1 }
    $1 == "authorizedkeyscommand" && $2 != "none" { akc = $2 }
    $1 == "trustedusercakeys" && $2 != "none" { ca = $2 }
    END {
      if (list == "") list = " .ssh/authorized_keys .ssh/authorized_keys2"
      out = ""; for (i = 1; i <= nt; i++) if (acc[ty[i]] && index(" " out " ", " " ty[i] " ") == 0) out = out " " ty[i]
      print SIG "\t" substr(list, 2) "\t" substr(out, 2) "\t" (akc == "" ? "none" : akc) "\t" (ca == "" ? "none" : ca)
    }' "$T/eval" >>"$T/classes" </dev/null || fatal classes
done

if [ "$QUOTED_AKF" = 1 ]; then
  problem quoted-authorized-keys-file root AuthorizedKeysFile
fi
if [ -s "$T/badhome" ]; then
  while IFS= read -r user; do
    problem unusable-home "$user" -
  done <"$T/badhome"
fi

# Key sources the script cannot change.
akc=$(awk -F '\t' '$4 != "none" { print $4; exit }' "$T/classes")
case $akc in
  '') ;;
  */eic_run_authorized_keys | */eic_curl_authorized_keys)
    # EC2 Instance Connect: keys pushed through its API, valid for 60 seconds.
    note "ec2-instance-connect"
    ;;
  *)
    problem authorized-keys-command root "$akc"
    ;;
esac
if awk -F '\t' '$5 != "none" { f = 1 } END { exit !f }' "$T/classes"; then
  note trusted-user-ca-keys
fi

# --- candidate files -------------------------------------------------------
# One record per account and AuthorizedKeysFile, tokens %h %u %U %%
# expanded, relative paths under the home:
#   n user uid gid home ensure sig newok path
# ensure: an extra user's first file; newok: sshd accepts the new key's type
# for that account everywhere it may connect.
awk -F '\t' -v EXTRA=" $EC2KR_EXTRA_USERS " -v NEWTYPE="${EC2KR_NEW_TYPE:-}" -v BAD="$T/bad" '
  FILENAME == ARGV[1] { akf[$1] = $2; n = split($3, a, " "); for (i = 1; i <= n; i++) ok[$1, a[i]] = 1; next }
  {
    sig = $1; user = $2; uid = $3; gid = $4; home = $5
    if (home == "" || home !~ /^\//) next
    ensure = index(EXTRA, " " user " ") ? 1 : 0
    if (ensure) found[user] = 1
    newok = (NEWTYPE == "" || ((sig, NEWTYPE) in ok)) ? 1 : 0
    np = split(akf[sig], pats, " ")
    split("", done)
    for (i = 1; i <= np; i++) {
      p = pats[i]
      if (p == "none") continue
      out = ""; bad = 0
      while ((k = index(p, "%")) > 0) {
        out = out substr(p, 1, k - 1); c = substr(p, k + 1, 1); p = substr(p, k + 2)
        if (c == "%") out = out "%"
        else if (c == "h") out = out home
        else if (c == "u") out = out user
        else if (c == "U") out = out uid
        else { bad = 1; break }
      }
      if (bad) { print user "\t" pats[i] > BAD; continue }
      out = out p
      if (out !~ /^\//) out = home "/" out
      if (out ~ /\t/) { print user "\t" pats[i] > BAD; continue }
      if (out in done) continue
      done[out] = 1
      print ++nrec "\t" user "\t" uid "\t" gid "\t" home "\t" ensure "\t" sig "\t" newok "\t" out
      ensure = 0
    }
  }
  END {
    n = split(EXTRA, e, " ")
    for (i = 1; i <= n; i++) if (!(e[i] in found)) missing = missing "," e[i]
    if (missing != "") print "no-such-user=" substr(missing, 2) > BAD ".users"
  }' "$T/classes" "$T/users" >"$T/cands" </dev/null || fatal candidates
# The inventory names every AMI's default user: most are missing anywhere.
if [ -s "$T/bad.users" ] && [ "$EC2KR_PHASE" != inventory ]; then
  note "$(cat "$T/bad.users")"
fi
if [ -s "$T/bad" ]; then
  while IFS="$TAB" read -r user pattern; do
    problem bad-pattern "$user" "$pattern"
  done <"$T/bad"
fi

# Which candidates exist: lstat and stat only (root never opens a user's
# path). A path root cannot look into (NFS with root_squash) is read as its
# user all the same.
# Marks: E (read it), A (an extra user's file to create), D (an extra
# user's file that is a dangling link). Anything but a regular file is not
# read: sshd does not read it either.
while IFS="$TAB" read -r n user uid gid home ensure sig newok path; do
  if [ -e "$path" ]; then
    if [ -f "$path" ]; then
      printf '%s\tE\n' "$n"
    elif [ "$ensure" = 1 ]; then
      printf '%s\tN\n' "$n"
    fi
    continue
  fi
  if [ -L "$path" ]; then
    [ "$ensure" = 1 ] && printf '%s\tD\n' "$n"
    continue
  fi
  d=${path%/*}
  while [ -n "$d" ] && [ ! -e "$d" ]; do d=${d%/*}; done
  [ -n "$d" ] || d=/
  if [ ! -x "$d" ] || [ ! -r "$d" ]; then
    printf '%s\tE\n' "$n"
  elif [ "$ensure" = 1 ]; then
    printf '%s\tA\n' "$n"
  fi
done <"$T/cands" >"$T/exist"

# Read each existing candidate as its user. Accounts go in groups of 64,
# each group one `timeout` and one file of "@ uid gid user" headers followed
# by that account's "n<TAB>path" lines; each account's reader (setpriv, then
# awk) reads only its own block. Groups run side by side, one per core. A
# group that times out (a FIFO, a hung NFS mount) is read again one account
# at a time, so one account cannot make the others unreadable.
awk -F '\t' 'NR == FNR { if ($2 == "E") e[$1] = 1; next } ($1 in e)' "$T/exist" "$T/cands" >"$T/toread"
awk -F '\t' -v DIR="$T" -v CHROOT="$([ "$ASUSER" = chroot ] && echo 1)" '
  FILENAME == ARGV[1] { groups[$1] = (CHROOT ? $3 : $2); next }
  { key = $3 " " $4 " " $2 " " groups[$2] }
  key != prev {
    if (users % 64 == 0) { g++; if (out) close(out); out = DIR "/grp." g; print g > (DIR "/groups") }
    users++; prev = key
    print "@ " key > out
  }
  { print $1 "\t" $9 > out }' "$T/groupsof" "$T/toread" </dev/null
: >"$T/summary"
: >>"$T/groups"

# readgroup.sh GROUP: every account of the group, in turn (run by root).
cat >"$T/readgroup.sh" <<'SH'
grep '^@ ' "$1" | while read -r _at r_uid r_gid r_user r_groups; do
  me="$r_uid $r_gid $r_user $r_groups"
  if [ "$r_uid" = 0 ]; then
    awk -v ME="$me" -f "$EC2KR_P/parse.awk" -f "$EC2KR_P/summary.awk" <"$1"
  elif [ "$ASUSER" = chroot ]; then
    chroot --userspec="+$r_uid:+$r_gid" --groups="$r_groups" / \
      awk -v ME="$me" -f "$EC2KR_P/parse.awk" -f "$EC2KR_P/summary.awk" <"$1"
  elif [ "$ASUSER" = setpriv ]; then
    setpriv --reuid="$r_uid" --regid="$r_gid" --groups="$r_groups" -- \
      awk -v ME="$me" -f "$EC2KR_P/parse.awk" -f "$EC2KR_P/summary.awk" <"$1"
  else
    runuser -u "$r_user" -- awk -v ME="$me" -f "$EC2KR_P/parse.awk" -f "$EC2KR_P/summary.awk" <"$1"
  fi
done 2>/dev/null
SH
export ASUSER

CORES=$(nproc 2>/dev/null || echo 1)
[ "$CORES" -ge 1 ] 2>/dev/null || CORES=1
[ "$CORES" -le 4 ] || CORES=4
running=0
for g in $(cat "$T/groups"); do
  (
    ulimit -v 1048576 2>/dev/null
    timeout -s KILL 120 sh "$T/readgroup.sh" "$T/grp.$g" >"$T/sum.$g" </dev/null
    echo $? >"$T/rc.$g"
  ) &
  running=$((running + 1))
  if [ "$running" -ge "$CORES" ]; then
    wait
    running=0
  fi
done
wait
for g in $(cat "$T/groups"); do
  if [ "$(cat "$T/rc.$g" 2>/dev/null)" = 0 ]; then
    cat "$T/sum.$g" >>"$T/summary"
    continue
  fi
  # Timed out or failed: each account alone, with its own time limit.
  grep '^@ ' "$T/grp.$g" | while read -r _at r_uid r_gid r_user r_groups; do
    as_user "$r_user" "$r_uid" "$r_gid" awk -v ME="$r_uid $r_gid $r_user $r_groups" \
      -f "$P/parse.awk" -f "$P/summary.awk" <"$T/grp.$g" 2>/dev/null
  done >>"$T/summary"
done

# Files to act on: unreadable (a reader that timed out counts), holding the
# old or the new key, or an extra user's first file.
awk -F '\t' 'FILENAME == ARGV[1] { mark[$1] = $2; next }
  FILENAME == ARGV[2] { s[$1] = $2 "\t" ($3 == "" ? 0 : $3) "\t" ($4 == "" ? 0 : $4) "\t" ($5 == "" ? 0 : $5); next }
  ($1 in mark) {
    if (mark[$1] != "E") v = mark[$1] "\t0\t0\t0"
    else if ($1 in s) v = s[$1]
    else v = "U\t0\t0\t0"
    split(v, f, "\t")
    if (f[1] == "A" && $6 != 1) next
    if (f[1] != "R" || f[2] > 0 || f[3] > 0 || $6 == 1) {
      print $1 "\t" $2 "\t" $3 "\t" $4 "\t" $5 "\t" $6 "\t" $8 "\t" v "\t" $9
    }
  }' "$T/exist" "$T/summary" "$T/cands" >"$T/act"

if [ "$EC2KR_PHASE" = audit ]; then
  ec2kr_audit
  exit $?
fi

# --- checks ----------------------------------------------------------------

# meta.sh PATH HOME (run as the user, as sshd checks a file): the real home,
# the file's real path (for a file still to be made under a missing ~/.ssh:
# where it will be), its type, and stat of every directory on its real and
# its written path up to /.
cat >"$P/meta.sh" <<'SH'
set -f
p=$1 h=$2
rh=$(readlink -f -- "$h" 2>/dev/null) || rh=
[ -n "$rh" ] || rh=$h
real=$(readlink -f -- "$p" 2>/dev/null) || real=
if [ -z "$real" ]; then
  dir=${p%/*}
  if [ ! -e "$dir" ] && [ ! -L "$dir" ] && [ "$(readlink -f -- "${dir%/*}" 2>/dev/null)" = "$rh" ]; then
    real=$rh/${dir##*/}/${p##*/}
  fi
fi
printf 'H\t%s\nP\t%s\n' "$rh" "${real:--}"
[ -n "$real" ] || exit 0
if [ -L "$real" ] || { [ -e "$real" ] && [ ! -f "$real" ]; }; then
  echo 'T other'
elif [ -f "$real" ]; then
  echo 'T file'
else
  echo 'T none'
fi
set --
for q in "$real" "$p"; do
  set -- "$@" "$q"
  while [ "$q" != / ] && [ -n "$q" ]; do
    q=${q%/*}
    [ -n "$q" ] || q=/
    set -- "$@" "$q"
  done
done
stat -L -c 'S %u %g %a %n' -- "$@" 2>/dev/null
exit 0
SH
chmod 644 "$P/meta.sh" || fatal mktemp

# decide.awk: from meta.sh's lines, whether sshd reads the file for the user
# (StrictModes: the file, then each directory up to the real home, or up to
# / outside it, owned by root or the user, not world-writable, and not
# group-writable unless the group's only member is the owner, as Debian's
# sshd allows), and how it may be written (as the user under the real home;
# by root outside homes only where every directory is root-only; never
# through a link that leads out of a home). Prints
#   real rhome type live livewhy wm wmwhy
cat >"$T/decide.awk" <<'AWK'
function okdir(name,   m) {
  if (!(name in so)) return 0
  m = sm[name]
  return so[name] == 0 && !(int(m / 16) % 2) && !(int(m / 2) % 2)
}
function safe(name,   m) {
  if (!(name in so)) return 0
  m = sm[name]
  if (so[name] != 0 && so[name] != U) return 0
  if (int(m / 2) % 2) return 0
  if (int(m / 16) % 2 && !((sg[name] in priv) && priv[sg[name]] == so[name])) return 0
  return 1
}
function parent(d) { sub(/\/[^\/]*$/, "", d); return d == "" ? "/" : d }
FILENAME == PRIVF { priv[$1] = $2; next }
/^H\t/ { rh = substr($0, 3); next }
/^P\t/ { real = substr($0, 3); next }
/^T / { type = $2; next }
/^S / {
  name = $0; sub(/^S [^ ]* [^ ]* [^ ]* /, "", name)
  so[name] = $2; sg[name] = $3; m = 0
  for (i = 1; i <= length($4); i++) m = m * 8 + substr($4, i, 1)
  sm[name] = m
}
END {
  if (rh == "") rh = HOME
  if (real == "" || real == "-") { print "-\t" rh "\tmissing\t0\tno-dir\tno\tno-dir"; exit }
  inhome = (rh == "/") || index(real, rh "/") == 1
  # sshd's StrictModes walk.
  live = 1; why = "-"
  if (STRICT != "no" && type == "file") {
    if (!safe(real)) { live = 0; why = (real in so) ? "unsafe-file" : "stat-failed" }
    d = real
    while (live && d != "/") {
      d = parent(d)
      if (!safe(d)) { live = 0; why = (d in so) ? "unsafe-dir:" d : "stat-failed" }
      if (inhome && d == rh) break
    }
  }
  # How it may be written.
  wm = "no"; wwhy = "-"
  if (inhome) {
    wm = "user"
    for (d = parent(real); d != rh && d != "/"; d = parent(d))
      if ((d in so) && so[d] != 0 && so[d] != U) { wm = "no"; wwhy = "foreign-owner" }
  } else if (index(PATHL, HOME "/") == 1 || index(PATHL, rh "/") == 1) {
    wwhy = "link-leaves-home"
  } else {
    wm = "root"
    for (d = parent(real); ; d = parent(d)) { if (!okdir(d)) { wm = "no"; wwhy = "unsafe-path" }; if (d == "/") break }
    for (d = parent(PATHL); ; d = parent(d)) { if (!okdir(d)) { wm = "no"; wwhy = "unsafe-path" }; if (d == "/") break }
  }
  print real "\t" rh "\t" type "\t" live "\t" why "\t" wm "\t" wwhy
}
AWK

# check USER UID GID HOME PATH: sets real, rhome, ftype, live, livewhy, WM
# and WHY for one file, from what its user sees.
check() {
  as_user "$1" "$2" "$3" sh "$P/meta.sh" "$5" "$4" >"$T/meta" 2>/dev/null </dev/null
  awk -v U="$2" -v HOME="$4" -v PATHL="$5" -v STRICT="$STRICT" -v PRIVF="$T/priv" \
    -f "$T/decide.awk" "$T/priv" "$T/meta" >"$T/decided" </dev/null
  IFS="$TAB" read -r real rhome ftype live livewhy WM WHY <"$T/decided"
  [ "$real" != - ] || real=
}

# reread N USER UID GID PATH: the summary of one file again (after a write).
reread() {
  printf '%s\t%s\n' "$1" "$5" | as_user "$2" "$3" "$4" awk -f "$P/parse.awk" -f "$P/summary.awk" 2>/dev/null
}

# keygen_ok USER UID GID PATH: ssh-keygen, reading the file as the user,
# finds the new key in it.
keygen_ok() {
  as_user "$1" "$2" "$3" ssh-keygen -l -E sha256 -f "$4" 2>/dev/null </dev/null | grep -qF " $EC2KR_NEW_FP "
}

# apply MODE ENSURE USER UID GID: rewrites $real per $WM. Sets WHY on failure.
apply() {
  a_dir=${real%/*}
  [ -n "$a_dir" ] || a_dir=/
  a_base=${real##*/}
  if [ "$WM" = root ]; then
    a_out=$(sh "$P/edit.sh" "$1" "$2" "$a_dir" "$a_base" "$4:$5" 2>/dev/null </dev/null)
  else
    if [ ! -d "$a_dir" ] && [ "${a_dir%/*}" = "$rhome" ]; then
      # ~/.ssh for an extra user: made by the user, 0700.
      as_user "$3" "$4" "$5" mkdir -m 700 -- "$a_dir" 2>/dev/null </dev/null
    fi
    a_out=$(as_user "$3" "$4" "$5" sh "$P/edit.sh" "$1" "$2" "$a_dir" "$a_base" 2>/dev/null </dev/null)
  fi
  case $a_out in
    'EDIT ok') ;;
    'EDIT '*)
      WHY=${a_out#EDIT }
      return 1
      ;;
    *)
      WHY=write
      return 1
      ;;
  esac
  if [ "$SELINUX" = 1 ] && command -v restorecon >/dev/null 2>&1; then
    # Sets the policy's context (never follows a final link): harmless on any path.
    restorecon "$real" >/dev/null 2>&1 </dev/null || :
  fi
  return 0
}

SELINUX=0
if [ -f /sys/fs/selinux/enforce ]; then
  SELINUX=1
fi

SSHD_OK=1
if [ "$EC2KR_PHASE" = verify ] || [ "$EC2KR_PHASE" = revoke ]; then
  if ! "$SSHD" -t >/dev/null 2>&1 </dev/null; then
    SSHD_OK=0
    problem sshd-config root /etc/ssh/sshd_config
  fi
fi

# --- inventory -------------------------------------------------------------
# Every file sshd reads for the users named that holds a key line, whatever
# the key: what a keyless fleet should not have.
if [ "$EC2KR_PHASE" = inventory ]; then
  printf '%s\n' '{ if (parse($0)) n++ } END { print n + 0 }' >"$P/count.awk"
  chmod 644 "$P/count.awk" || fatal mktemp
  awk -F '\t' -v EXTRA=" $EC2KR_EXTRA_USERS " 'NR == FNR { if ($2 == "E") e[$1] = 1; next }
    ($1 in e) && index(EXTRA, " " $2 " ")' "$T/exist" "$T/cands" >"$T/inv" </dev/null
  while IFS="$TAB" read -r n user uid gid home ensure sig newok path; do
    nfiles=$((nfiles + 1))
    check "$user" "$uid" "$gid" "$home" "$path"
    [ -n "$real" ] && [ "$ftype" = file ] && [ "$live" = 1 ] || continue
    c=$(as_user "$user" "$uid" "$gid" awk -f "$P/parse.awk" -f "$P/count.awk" "$path" 2>/dev/null </dev/null)
    case $c in
      '' | *[!0-9]*) problem unreadable "$user" "$path" ;;
      0) ;;
      *)
        nkept=$((nkept + 1))
        show has-keys "$user" "$path"
        ;;
    esac
  done <"$T/inv"
  status=ok
  [ "$incomplete" = 0 ] || status=incomplete
  result "$status"
  [ "$status" = ok ] && exit 0
  exit 1
fi

# --- the phase -------------------------------------------------------------
# Each file: what its user (and so sshd) sees, then the phase's rule.
acc_ids=
while IFS="$TAB" read -r n user uid gid home ensure newok st old new need path; do
  nfiles=$((nfiles + 1))
  if [ "$st" = U ]; then
    keep unreadable "$user" "$path"
    continue
  fi
  if [ "$st" = D ]; then
    # A link to nothing: never created through.
    [ "$EC2KR_PHASE" = probe ] || problem dangling-link "$user" "$path"
    continue
  fi
  if [ "$st" = N ]; then
    # An extra user's file that is a FIFO, a directory, a device: sshd reads none.
    [ "$EC2KR_PHASE" = probe ] || problem not-regular "$user" "$path"
    continue
  fi
  check "$user" "$uid" "$gid" "$home" "$path"
  if [ -z "$real" ]; then
    [ "$EC2KR_PHASE" = probe ] || problem no-dir "$user" "$path"
    continue
  fi
  if [ "$ftype" = other ]; then
    if [ "$old" -gt 0 ]; then
      keep not-regular "$user" "$path"
    elif [ "$ensure" = 1 ] && [ "$EC2KR_PHASE" != probe ]; then
      problem not-regular "$user" "$path"
    fi
    continue
  fi
  [ "$ftype" = file ] || { old=0 new=0 need=0; }

  if [ "$EC2KR_PHASE" = probe ]; then
    # Given a new key (a re-run's sweep), files already holding it count as new.
    [ "$live" = 1 ] && [ -n "$EC2KR_NEW_BLOB" ] && [ "$new" -gt 0 ] && nnew=$((nnew + 1))
    if [ "$live" = 1 ] && { [ "$old" -gt 0 ] || [ "$ensure" = 1 ]; }; then
      [ "$old" -gt 0 ] && nold=$((nold + 1))
      acc_ids="$acc_ids $n"
    elif [ "$old" -gt 0 ]; then
      nignored=$((nignored + 1))
    fi
    continue
  fi
  [ "$live" = 1 ] && [ "$old" -gt 0 ] && nold=$((nold + 1))

  if [ "$live" = 0 ]; then
    # sshd ignores it: never the new key; old-key lines go where they can.
    if [ "$old" -gt 0 ] && { [ "$EC2KR_PHASE" = revoke ] || [ "$EC2KR_PHASE" = keyless ]; } &&
      [ "$WM" != no ] &&
      apply revoke 0 "$user" "$uid" "$gid"; then
      set -- $(reread "$n" "$user" "$uid" "$gid" "$path")
      if [ "${2:-}" = R ] && [ "${3:-1}" = 0 ]; then
        nremoved=$((nremoved + old))
        continue
      fi
    fi
    if [ "$old" -gt 0 ]; then
      nignored=$((nignored + 1))
      show "ignored-$livewhy" "$user" "$path"
    elif [ "$ensure" = 1 ]; then
      problem "ignored-$livewhy" "$user" "$path"
    fi
    continue
  fi

  case $EC2KR_PHASE in
    keyless)
      # No new key: the old one goes wherever it can be written, and a file
      # that keeps it makes the host incomplete.
      [ "$old" -gt 0 ] || continue
      if [ "$WM" = no ] || ! apply revoke 0 "$user" "$uid" "$gid"; then
        keep "$WHY" "$user" "$path"
        continue
      fi
      set -- $(reread "$n" "$user" "$uid" "$gid" "$path")
      if [ "${2:-}" != R ] || [ "${3:-1}" -ne 0 ]; then
        keep write "$user" "$path"
        continue
      fi
      nremoved=$((nremoved + old))
      ;;
    add)
      if [ "$need" -eq 0 ] && { [ "$ensure" = 0 ] || [ "$new" -gt 0 ]; }; then
        continue
      fi
      if [ "$newok" != 1 ]; then
        unsure type-refused "$user" "$path"
        continue
      fi
      if [ "$WM" = no ]; then
        unsure "$WHY" "$user" "$path"
        continue
      fi
      if ! apply add "$ensure" "$user" "$uid" "$gid"; then
        unsure "$WHY" "$user" "$path"
        continue
      fi
      set -- $(reread "$n" "$user" "$uid" "$gid" "$path")
      if [ "${2:-}" != R ] || [ "${4:-0}" -eq 0 ] || [ "${5:-1}" -ne 0 ]; then
        unsure write "$user" "$path"
        continue
      fi
      nadded=$((nadded + $4 - new))
      ;;
    verify | revoke)
      if [ "$old" -eq 0 ] && [ "$new" -eq 0 ]; then
        # An extra user's file without the new key.
        problem no-new-key "$user" "$path"
        continue
      fi
      if [ "$new" -eq 0 ]; then
        keep no-new-key "$user" "$path"
        continue
      fi
      if [ "$need" -gt 0 ]; then
        keep options-missing "$user" "$path"
        continue
      fi
      if [ "$newok" != 1 ]; then
        unsure type-refused "$user" "$path"
        continue
      fi
      if ! keygen_ok "$user" "$uid" "$gid" "$path"; then
        unsure keygen-rejects "$user" "$path"
        continue
      fi
      if [ "$old" -gt 0 ] && [ "$EC2KR_PHASE" = revoke ]; then
        if [ "$SSHD_OK" = 0 ]; then
          keep sshd-config "$user" "$path"
          continue
        fi
        if [ "$WM" = no ] || ! apply revoke 0 "$user" "$uid" "$gid"; then
          keep "$WHY" "$user" "$path"
          continue
        fi
        set -- $(reread "$n" "$user" "$uid" "$gid" "$path")
        if [ "${2:-}" != R ] || [ "${3:-1}" -ne 0 ] || [ "${4:-0}" -eq 0 ]; then
          keep write "$user" "$path"
          continue
        fi
        nremoved=$((nremoved + old))
      fi
      nnew=$((nnew + 1))
      ;;
  esac
done <"$T/act"

status=ok
[ "$incomplete" = 0 ] || status=incomplete
if [ "$EC2KR_PHASE" = probe ]; then
  # The types sshd accepts for every account concerned (all accounts when
  # none holds the old key).
  accepts=$(awk -F '\t' -v SEL=" $acc_ids " '
    FILENAME == ARGV[1] { acc[$1] = $3; next }
    { sigof[$1] = $7; all[$7] = 1 }
    END {
      for (s in all) use[s] = (SEL == "  ")
      n = split(SEL, ids, " "); for (i = 1; i <= n; i++) use[sigof[ids[i]]] = 1
      split("ssh-ed25519 ssh-rsa ecdsa-sha2-nistp256", t, " ")
      out = ""
      for (i = 1; i <= 3; i++) {
        ok = 1
        for (s in use) if (use[s] && index(" " acc[s] " ", " " t[i] " ") == 0) ok = 0
        if (ok) out = out "," t[i]
      }
      print (out == "" ? "none" : substr(out, 2))
    }' "$T/classes" "$T/cands" </dev/null)
  result "$status" " accepts=$accepts"
else
  result "$status"
fi
[ "$status" = ok ] && exit 0
exit 1
