# ec2-key-rotate host script: the body that buildHostScript() (host-script.ts)
# puts after its variable header. POSIX sh (dash runs it); uses coreutils,
# grep, awk, getent and, when present, sshd, chcon and restorecon. Runs as
# root (SSM AWS-RunShellScript).
#
# Inputs, set by the header:
#   EC2KR_PHASE        add | verify | revoke
#   EC2KR_OLD_BLOBS    base64 blobs of the leaked key(s), space-separated
#   EC2KR_NEW_LINE     the new key's authorized_keys line (type blob comment)
#   EC2KR_NEW_BLOB     its base64 blob
#   EC2KR_EXTRA_USERS  users who get the new key even without the old one
#
# Files: for every account in `getent passwd`, every AuthorizedKeysFile that
# `sshd -T` reports for it (default .ssh/authorized_keys and
# .ssh/authorized_keys2), tokens %h %u %U %% expanded, relative to the home
# directory. Lines match on the key blob, never on the comment.
#   add:    after each line holding an old blob, a line with the same options
#           and the new key (once per distinct option string, never twice);
#           an extra user's first file gets the bare new key if it lacks it.
#   verify: every file holding the old or the new key (and each extra user's
#           file) holds the new key, with each old line's options, and passes
#           sshd's StrictModes checks; `sshd -t` passes.
#   revoke: removes the old blobs' lines, only from files that pass those
#           same checks: no file loses its last working key.
# Writes go to a temp file in the same directory, then mv, keeping owner,
# group, mode and SELinux context; files with nothing to change are not
# rewritten.
#
# Output (stdout, short: Run Command keeps 2,500 characters): at most six
#   EC2KR-FILE reason=<token> user=<name> path=<path>
# lines for failures, at most two `EC2KR-NOTE <token>` lines, then exactly one
#   EC2KR-RESULT v=1 phase=<phase> status=ok|failed files=N added=N removed=N failed=N
# Exit 0 when nothing failed, 1 when something failed, 2 when the script
# could not run (then the result line ends with error=<token>).

LC_ALL=C
export LC_ALL
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:${PATH:-}
export PATH
umask 077
set -f

nfiles=0
nadded=0
nremoved=0
nfailed=0
nshown=0
nnotes=0
NL='
'

result() {
  printf 'EC2KR-RESULT v=1 phase=%s status=%s files=%d added=%d removed=%d failed=%d%s\n' \
    "$EC2KR_PHASE" "$1" "$nfiles" "$nadded" "$nremoved" "$nfailed" "${2:-}"
}

fatal() {
  nfailed=$((nfailed + 1))
  result failed " error=$1"
  exit 2
}

# short_path TEXT: whitespace and control characters replaced, long text cut
# from the left, so each output line stays short and parsable.
short_path() {
  sp=$(printf '%s' "$1" | tr -c '[:graph:]' '?')
  if [ "${#sp}" -gt 160 ]; then
    sp=...$(printf '%s' "$sp" | tail -c 157)
  fi
  printf '%s' "$sp"
}

# fail REASON USER PATH
fail() {
  nfailed=$((nfailed + 1))
  if [ "$nshown" -lt 6 ]; then
    nshown=$((nshown + 1))
    printf 'EC2KR-FILE reason=%s user=%s path=%s\n' "$1" "$(short_path "$2")" "$(short_path "$3")"
  fi
}

note() {
  if [ "$nnotes" -lt 2 ]; then
    nnotes=$((nnotes + 1))
    printf 'EC2KR-NOTE %s\n' "$1"
  fi
}

case $EC2KR_PHASE in
  add | verify | revoke) ;;
  *) fatal bad-phase ;;
esac
for tool in awk cat chmod chown mktemp mv readlink stat tail tr; do
  command -v "$tool" >/dev/null 2>&1 || fatal "missing-$tool"
done
[ -n "$EC2KR_NEW_BLOB" ] || fatal no-new-key
export EC2KR_OLD_BLOBS EC2KR_NEW_LINE EC2KR_NEW_BLOB

T=$(mktemp -d 2>/dev/null) || fatal mktemp
trap 'rm -rf "$T"' EXIT
trap 'exit 2' HUP INT TERM

if command -v getent >/dev/null 2>&1 && getent passwd >"$T/passwd" 2>/dev/null && [ -s "$T/passwd" ]; then
  :
elif [ -r /etc/passwd ]; then
  cat /etc/passwd >"$T/passwd"
else
  fatal no-passwd
fi

# --- awk: parsing authorized_keys lines ------------------------------------
# parse(line) sets OPTS (the options, verbatim), TYPE and BLOB; 0 for blank,
# comment and unparsable lines. Options end at the first blank outside
# double quotes (a backslash escapes a quote), as sshd reads them.
cat >"$T/parse.awk" <<'AWK'
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
  if (split(s, a) < 2) return 0
  TYPE = a[1]; BLOB = a[2]
  return 1
}
function keys(   t, i, n) {
  NEWLINE = ENVIRON["EC2KR_NEW_LINE"]; NEWBLOB = ENVIRON["EC2KR_NEW_BLOB"]
  n = split(ENVIRON["EC2KR_OLD_BLOBS"], t, " ")
  for (i = 1; i <= n; i++) OLD[t[i]] = 1
}
AWK

# scan: reads records "user:uid:gid:home:ensure:file" and prints
# "old:new:need:record": lines holding an old blob, lines holding the new
# one, option strings of old lines that no new line has yet ("-:-:-" when
# the file cannot be read).
cat >"$T/scan.awk" <<'AWK'
BEGIN { keys() }
{
  f = $0
  for (i = 0; i < 5; i++) sub(/^[^:]*:/, "", f)
  o = 0; n = 0; need = 0; nw = 0
  split("", want); split("", have)
  r = (getline line < f)
  if (r < 0) { print "-:-:-:" $0; next }
  while (r > 0) {
    if (parse(line)) {
      if (BLOB in OLD) {
        o++
        if (!(OPTS in want)) { want[OPTS] = 1; order[++nw] = OPTS }
      } else if (BLOB == NEWBLOB) {
        n++; have[OPTS] = 1
      }
    }
    r = (getline line < f)
  }
  close(f)
  for (k = 1; k <= nw; k++) if (!(order[k] in have)) need++
  print o ":" n ":" need ":" $0
}
AWK

# edit: MODE=add prints the file with a new-key line after the first old-key
# line of each option string that has no new-key line yet (ENSURE=1: the
# bare new key at the end when no line holds it); MODE=revoke prints the
# file without old-key lines. The count goes to CNT. A file without a final
# newline (its SIZE is one byte short of the lines read) keeps it that way
# unless a line is added at its end; a CRLF line's new line ends in CRLF.
cat >"$T/edit.awk" <<'AWK'
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
  print count > CNT
}
AWK

# --- writing files ---------------------------------------------------------

SELINUX=0
if [ -f /sys/fs/selinux/enforce ] || { command -v selinuxenabled >/dev/null 2>&1 && selinuxenabled; }; then
  SELINUX=1
fi

# put TMP FILE: moves TMP (same directory) over FILE. With SELinux, TMP
# first gets FILE's context (chcon --reference), or FILE the policy's
# (restorecon) when that fails or FILE is new.
put() {
  ctx=0
  if [ "$SELINUX" = 1 ] && [ -e "$2" ] && command -v chcon >/dev/null 2>&1 &&
    chcon --reference="$2" "$1" >/dev/null 2>&1 </dev/null; then
    ctx=1
  fi
  mv -f "$1" "$2" || return 1
  [ "$ctx" = 1 ] || relabel "$2"
  return 0
}

# relabel PATH: the policy's SELinux context, where SELinux is in use.
relabel() {
  if [ "$SELINUX" = 1 ] && command -v restorecon >/dev/null 2>&1; then
    restorecon "$1" >/dev/null 2>&1 </dev/null || :
  fi
}

# edit MODE FILE ENSURE: applies MODE through a temp file in FILE's
# directory, with FILE's owner, group and mode, then mv. Sets CHANGED to
# the number of lines added or removed; nothing is written when it is 0.
edit() {
  CHANGED=0
  meta=$(stat -c '%u:%g %a %s' "$2" 2>/dev/null) || return 1
  tmp=$(mktemp "${2%/*}/.ec2kr.XXXXXX" 2>/dev/null) || return 1
  set -- "$1" "$2" "$3" "$tmp" $meta
  if awk -v MODE="$1" -v SIZE="$7" -v ENSURE="$3" -v CNT="$T/count" \
    -f "$T/parse.awk" -f "$T/edit.awk" "$2" >"$4" </dev/null && read -r CHANGED <"$T/count"; then
    if [ "$CHANGED" -eq 0 ]; then
      rm -f "$4"
      return 0
    fi
    # mktemp made TMP 0600 and root's; chown -h never follows a symlink.
    if chown -h "$5" "$4" && { [ "$6" = 600 ] || chmod "$6" "$4"; } && put "$4" "$2"; then
      return 0
    fi
  fi
  rm -f "$4"
  return 1
}

# create FILE UID GID HOME: a new authorized_keys (0600, the user's) holding
# the new key. A missing directory right under HOME (~/.ssh) is made 0700
# and the user's; one elsewhere (/etc/ssh/authorized_keys) 0755 and root's.
create() {
  dir=${1%/*}
  if [ ! -d "$dir" ]; then
    if [ "${dir%/*}" = "$4" ]; then
      mkdir -m 700 "$dir" && chown -h "$2:$3" "$dir" || return 1
    else
      case $dir in
        "$4"/*) return 1 ;;
      esac
      mkdir -p -m 755 "$dir" || return 1
    fi
    relabel "$dir"
  fi
  tmp=$(mktemp "$dir/.ec2kr.XXXXXX" 2>/dev/null) || return 1
  if printf '%s\n' "$EC2KR_NEW_LINE" >"$tmp" && chown -h "$2:$3" "$tmp" && put "$tmp" "$1"; then
    return 0
  fi
  rm -f "$tmp"
  return 1
}

# --- StrictModes -----------------------------------------------------------

# secure FILE UID HOME: sshd's StrictModes walk: the file, then each
# directory up to HOME (up to / for files outside HOME), each owned by root
# or the user and neither group- nor world-writable. (Stock OpenSSH's test;
# Debian's sshd also accepts a group-writable private group, which is not
# assumed here.) Sets WHY when it fails.
secure() {
  case $1 in
    "$3"/*) top=$3 ;;
    *) top=/ ;;
  esac
  d=$1
  u=$2
  set -- "$1"
  while [ "$d" != "$top" ] && [ "$d" != / ]; do
    d=${d%/*}
    [ -n "$d" ] || d=/
    set -- "$@" "$d"
  done
  if ! stat -L -c '%u %a %n' "$@" >"$T/stat" 2>/dev/null; then
    WHY=stat-failed
    return 1
  fi
  kind=file
  while read -r o m name; do
    if { [ "$o" != 0 ] && [ "$o" != "$u" ]; } || [ $((0$m & 022)) -ne 0 ]; then
      WHY=unsafe-file
      [ "$kind" = file ] || WHY=unsafe-dir:$(short_path "$name")
      return 1
    fi
    kind=dir
  done <"$T/stat"
  return 0
}

# --- which files sshd reads ------------------------------------------------

SSHD=
for c in sshd /usr/sbin/sshd /usr/local/sbin/sshd; do
  if command -v "$c" >/dev/null 2>&1; then
    SSHD=$(command -v "$c")
    break
  fi
done

# sshd_view USER: sets AKF (AuthorizedKeysFile patterns), STRICT and AKC
# from `sshd -T`; 1 when sshd -T fails (no /run/sshd, a broken config).
sshd_view() {
  "$SSHD" -T -C "user=$1,host=localhost,addr=127.0.0.1" >"$T/sshd-T" 2>/dev/null </dev/null || return 1
  AKF='.ssh/authorized_keys .ssh/authorized_keys2'
  STRICT=yes
  AKC=none
  while read -r key value; do
    case $key in
      authorizedkeysfile) AKF=$value ;;
      strictmodes) STRICT=$value ;;
      authorizedkeyscommand) AKC=${value%% *} ;;
    esac
  done <"$T/sshd-T"
  return 0
}

# Without sshd -T: the first AuthorizedKeysFile of sshd_config itself (not
# its Include files or Match blocks), else OpenSSH's default.
config_view() {
  AKF=$(awk 'tolower($1) == "match" { exit }
    tolower($1) == "authorizedkeysfile" { $1 = ""; sub(/^[ \t]+/, ""); print; exit }' /etc/ssh/sshd_config 2>/dev/null </dev/null)
  [ -n "$AKF" ] || AKF='.ssh/authorized_keys .ssh/authorized_keys2'
}

AKF=
STRICT=yes
AKC=none
PER_USER=0
if [ -z "$SSHD" ]; then
  config_view
  [ "$EC2KR_PHASE" != verify ] || note no-sshd
elif sshd_view root; then
  # Match blocks can give users their own AuthorizedKeysFile: then ask sshd
  # for each user. sshd's debug log names every Match it parses, Include'd
  # files too; the grep is a fallback for other versions.
  if "$SSHD" -ddd -T 2>&1 >/dev/null </dev/null | grep -q "'Match " ||
    grep -rqsi '^[[:space:]]*match[[:space:]]' /etc/ssh/sshd_config /etc/ssh/sshd_config.d; then
    PER_USER=1
  fi
else
  config_view
  note sshd-T-failed
fi
BASE_AKF=$AKF
if [ "$AKC" != none ] && [ "$EC2KR_PHASE" = verify ]; then
  note "authorized-keys-command=$(short_path "$AKC")"
fi

# expand PATTERN USER HOME UID: AuthorizedKeysFile tokens; sets EXP, 1 on
# an unknown token.
expand() {
  p=$1
  EXP=
  while :; do
    case $p in
      *%*)
        EXP=$EXP${p%%\%*}
        p=${p#*\%}
        case $p in
          %*) EXP=$EXP%; p=${p#%} ;;
          h*) EXP=$EXP$3; p=${p#h} ;;
          u*) EXP=$EXP$2; p=${p#u} ;;
          U*) EXP=$EXP$4; p=${p#U} ;;
          *) return 1 ;;
        esac
        ;;
      *)
        EXP=$EXP$p
        break
        ;;
    esac
  done
  case $EXP in
    /*) ;;
    *) EXP=$3/$EXP ;;
  esac
}

is_extra() {
  case " $EC2KR_EXTRA_USERS " in
    *" $1 "*) return 0 ;;
  esac
  return 1
}

# Candidate files, one record each: user:uid:gid:home:ensure:file. A file
# reached twice (two users, a symlink) is listed once.
seen=
extras_found=
: >"$T/list"
while IFS=: read -r user _pw uid gid _gecos home _shell <&3; do
  [ -n "$user" ] && [ -n "$home" ] || continue
  case $uid in
    '' | *[!0-9]*) continue ;;
  esac
  ensure=0
  if is_extra "$user"; then
    ensure=1
    extras_found="$extras_found $user "
  fi
  patterns=$BASE_AKF
  if [ "$PER_USER" = 1 ] && sshd_view "$user"; then
    patterns=$AKF
  fi
  for pattern in $patterns; do
    [ "$pattern" != none ] || continue
    if ! expand "$pattern" "$user" "$home" "$uid"; then
      [ "$ensure" = 0 ] || {
        nfiles=$((nfiles + 1))
        fail bad-pattern "$user" "$pattern"
      }
      ensure=0
      continue
    fi
    file=$EXP
    if [ -L "$file" ]; then
      file=$(readlink -f "$file" 2>/dev/null) || file=$EXP
    fi
    if [ -f "$file" ] || [ "$ensure" = 1 ]; then
      case "$NL$seen$NL" in
        *"$NL$file$NL"*) ;;
        *)
          seen="$seen$NL$file"
          printf '%s:%s:%s:%s:%s:%s\n' "$user" "$uid" "$gid" "$home" "$ensure" "$file" >>"$T/list"
          ;;
      esac
    fi
    # An extra user's new key goes to the first file sshd reads.
    ensure=0
  done
done 3<"$T/passwd"

for user in $EC2KR_EXTRA_USERS; do
  case " $extras_found " in
    *" $user "*) ;;
    *)
      nfiles=$((nfiles + 1))
      fail no-such-user "$user" -
      ;;
  esac
done

awk -f "$T/parse.awk" -f "$T/scan.awk" "$T/list" >"$T/scan" </dev/null || fatal scan

# --- the phase -------------------------------------------------------------
while IFS=: read -r old new need user uid gid home ensure file <&3; do
  if [ "$old" = - ]; then
    [ "$ensure" = 1 ] && [ "$EC2KR_PHASE" != revoke ] || continue
    nfiles=$((nfiles + 1))
    if [ -e "$file" ]; then
      fail unreadable "$user" "$file"
      continue
    fi
    case $file in
      "$home"/*)
        if [ ! -d "$home" ]; then
          fail no-home "$user" "$file"
          continue
        fi
        ;;
    esac
    case $EC2KR_PHASE in
      add)
        if create "$file" "$uid" "$gid" "$home"; then
          nadded=$((nadded + 1))
        else
          fail write "$user" "$file"
        fi
        ;;
      *) fail no-new-key "$user" "$file" ;;
    esac
    continue
  fi
  case $EC2KR_PHASE in
    add)
      [ "$old" -gt 0 ] || [ "$ensure" = 1 ] || continue
      nfiles=$((nfiles + 1))
      [ "$need" -gt 0 ] || { [ "$ensure" = 1 ] && [ "$new" -eq 0 ]; } || continue
      if edit add "$file" "$ensure"; then
        nadded=$((nadded + CHANGED))
      else
        fail write "$user" "$file"
      fi
      ;;
    verify)
      [ "$old" -gt 0 ] || [ "$new" -gt 0 ] || [ "$ensure" = 1 ] || continue
      nfiles=$((nfiles + 1))
      if [ "$new" -eq 0 ]; then
        fail no-new-key "$user" "$file"
      elif [ "$need" -gt 0 ]; then
        fail options-missing "$user" "$file"
      elif [ "$STRICT" != no ] && ! secure "$file" "$uid" "$home"; then
        fail "$WHY" "$user" "$file"
      fi
      ;;
    revoke)
      [ "$old" -gt 0 ] || continue
      nfiles=$((nfiles + 1))
      if [ "$new" -eq 0 ]; then
        fail no-new-key "$user" "$file"
      elif [ "$need" -gt 0 ]; then
        fail options-missing "$user" "$file"
      elif [ "$STRICT" != no ] && ! secure "$file" "$uid" "$home"; then
        fail "$WHY" "$user" "$file"
      elif edit revoke "$file" 0; then
        nremoved=$((nremoved + CHANGED))
      else
        fail write "$user" "$file"
      fi
      ;;
  esac
done 3<"$T/scan"

if [ "$EC2KR_PHASE" = verify ] && [ -n "$SSHD" ] && ! "$SSHD" -t >/dev/null 2>&1 </dev/null; then
  fail sshd-config root /etc/ssh/sshd_config
fi

if [ "$nfailed" -gt 0 ]; then
  result failed
  exit 1
fi
result ok
exit 0
