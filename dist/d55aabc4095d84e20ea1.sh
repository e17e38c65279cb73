# ec2-key-rotate audit: "was the leaked key used?", read-only. host-script.ts
# puts this file before host-script.sh for the audit phase only; host-script.sh
# finds the authorized_keys files (as for probe) and then calls ec2kr_audit,
# which reads sshd's authentication records and reduces them here, so the
# answer fits in Run Command's 2,500 characters. POSIX sh, awk, coreutils,
# gzip, ssh-keygen; journalctl, last and lastb where present.
#
# Inputs: EC2KR_OLD_BLOBS (the leaked key; its SHA256 and MD5 fingerprints
# are computed here with ssh-keygen), EC2KR_SINCE (Unix time of the leak, or
# empty). The fingerprints of the other keys in the files that hold the
# leaked key come from `ssh-keygen -l` run as each file's user, so logins by
# those keys are counted as such.
#
# Sources, each reported found/absent/unreadable/untrusted:
# - the journal: entries of processes with uid 0 (a trusted field journald
#   sets from the kernel) whose command is sshd/sshd-session or whose unit
#   is ssh/sshd.service. A user cannot write those.
# - /var/log/auth.log* and /var/log/secure*, rotated and .gz files too: only
#   regular files (not links) owned by root (or Ubuntu's syslog account) and
#   not group/other-writable, in a /var/log that only root may change.
#   A user who can write such a file could write any line: it is not read.
#   (A local user can still send lines to syslog under the name sshd; the
#   journal's uid field is what tells them apart, so journal records win.)
# - /var/log/wtmp and /var/log/btmp through last/lastb: how far back session
#   records go (they carry no key, so they never decide the answer).
#
# Records: `Accepted publickey for USER from ADDR port PORT ssh2: TYPE FP`
# with FP as SHA256:… or the MD5 hex form older sshd logs. Everything in a
# log line is hostile: user and address must match strict shapes (else
# `?`), times are parsed field by field. The same login seen in the journal
# and in a file (same sshd PID, user, address and port, within a day) counts once.
#
# Output (no key material, at most ~2,300 characters):
#   EC2KR-SRC <name> <state> <oldest|-> <records> <files> <untrusted> <unreadable>
#   EC2KR-LOGIN <user> <addr> <before> <since> <first> <last> <new>
#   EC2KR-OPEN <pid> <user> <addr> <time>
#   EC2KR-AUDIT v=1 status=ok|failed now=T since=T|- groups=N leaked=N
#     recent=N other=N unknown=N open=N keyfiles=N unreadable=N [error=TOKEN]
# leaked: the leaked key's logins, recent: those since EC2KR_SINCE; other
# and unknown: logins since then by keys the affected files hold, and by
# keys they do not.
# LOGIN: per user and source address, logins by the leaked key before and
# since EC2KR_SINCE, first and last time, new=1 when no key logged in from
# that address before EC2KR_SINCE; the ones since first, cut when the budget
# is spent (groups= says how many there were). OPEN: the sshd process that
# logged a leaked-key login is still alive (its PID, root's, sshd's command
# line for that user, started no later than the login). Times are Unix time.

ec2kr_audit() {
  A=$T/audit
  mkdir -m 700 "$A" || return 2
  now=$(date +%s)
  since=${EC2KR_SINCE:-}
  case $since in '' | *[!0-9]*) since= ;; esac
  # The local offset, for syslog's traditional timestamps (no zone of their own).
  tzoff=$(date +%z | awk '{ s = substr($0, 1, 1) == "-" ? -1 : 1; print s * (substr($0, 2, 2) * 3600 + substr($0, 4, 2) * 60) }')
  audit_done() {
    printf 'EC2KR-AUDIT v=1 status=%s now=%s since=%s%s\n' "$1" "$now" "${since:--}" "$2"
  }
  command -v ssh-keygen >/dev/null 2>&1 || {
    audit_done failed ' error=missing-ssh-keygen'
    return 2
  }

  # The leaked key's fingerprints: its type is the first string in its blob.
  : >"$A/leaked.pub"
  for b in $EC2KR_OLD_BLOBS; do
    kt=$(printf '%s' "$b" | base64 -d 2>/dev/null | head -c 64 | od -An -v -tu1 | awk '
      { for (i = 1; i <= NF; i++) a[++n] = $i }
      END {
        l = a[1] * 16777216 + a[2] * 65536 + a[3] * 256 + a[4]
        if (l < 1 || l > 40) exit 1
        for (i = 5; i < 5 + l; i++) { if (a[i] < 33 || a[i] > 126) exit 1; s = s sprintf("%c", a[i]) }
        print s
      }')
    [ -n "$kt" ] && printf '%s %s\n' "$kt" "$b" >>"$A/leaked.pub"
  done
  for e in sha256 md5; do
    ssh-keygen -l -E "$e" -f "$A/leaked.pub" 2>/dev/null </dev/null
  done | awk '{ f = $2; print f; if (sub(/^MD5:/, "", f)) print f }' >"$A/fp.leaked"
  if [ ! -s "$A/fp.leaked" ]; then
    audit_done failed ' error=bad-key'
    return 2
  fi

  # The other keys of the files that hold the leaked key, read as their users.
  keyfiles=0
  unread=0
  : >"$A/fp.files"
  while IFS="$TAB" read -r _n user uid gid _home _ensure _newok st old _new _need path; do
    if [ "$st" = U ]; then
      unread=$((unread + 1))
    elif [ "$st" = R ] && [ "$old" -gt 0 ]; then
      keyfiles=$((keyfiles + 1))
      for e in sha256 md5; do
        as_user "$user" "$uid" "$gid" ssh-keygen -l -E "$e" -f "$path" 2>/dev/null </dev/null
      done | awk '{ f = $2; print f; if (sub(/^MD5:/, "", f)) print f }' >>"$A/fp.files"
    fi
  done <"$T/act"

  # logs.awk: one record per accepted public key login,
  #   t<TAB>exact<TAB>pid<TAB>user<TAB>addr<TAB>port<TAB>fp
  # from the journal's short-unix lines (FMT=j) or syslog files (RFC 3339 or
  # traditional timestamps; REF is the file's mtime and REFY its year, for
  # the year traditional lines leave out). OLDEST gets the file's oldest time.
  cat >"$A/logs.awk" <<'AWK'
function dfc(y, m, d,   era, yoe, doy) {
  y -= (m <= 2); era = int((y >= 0 ? y : y - 399) / 400); yoe = y - era * 400
  doy = int((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1
  return era * 146097 + yoe * 365 + int(yoe / 4) - int(yoe / 100) + doy - 719468
}
function num(s) { return s ~ /^[0-9]+$/ ? s + 0 : -1 }
function rfc(s,   y, mo, d, h, mi, se, z, off) {
  if (s !~ /^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]/) return -1
  y = substr(s, 1, 4) + 0; mo = substr(s, 6, 2) + 0; d = substr(s, 9, 2) + 0
  h = substr(s, 12, 2) + 0; mi = substr(s, 15, 2) + 0; se = substr(s, 18, 2) + 0
  z = substr(s, 20); sub(/^\.[0-9]+/, "", z); off = 0
  if (z ~ /^[-+][0-9][0-9]:[0-9][0-9]$/) off = (substr(z, 1, 1) == "-" ? -1 : 1) * (substr(z, 2, 2) * 3600 + substr(z, 5, 2) * 60)
  else if (z != "Z") return -1
  return dfc(y, mo, d) * 86400 + h * 3600 + mi * 60 + se - off
}
function trad(mon, day, hms,   m, d, t, k) {
  if (hms !~ /^[0-9][0-9]:[0-9][0-9]:[0-9][0-9]$/) return -1
  k = mon " " day
  if (!(k in DAY)) {
    m = index("JanFebMarAprMayJunJulAugSepOctNovDec", mon); d = num(day)
    if (m == 0 || (m - 1) % 3 || d < 1 || d > 31) DAY[k] = -1
    else {
      m = (m - 1) / 3 + 1
      DAY[k] = dfc(REFY, m, d) * 86400 - TZOFF
      # A day after the file was last written is last year's.
      if (DAY[k] > REF + 86400) DAY[k] = dfc(REFY - 1, m, d) * 86400 - TZOFF
    }
  }
  if (DAY[k] == -1) return -1
  return DAY[k] + substr(hms, 1, 2) * 3600 + substr(hms, 4, 2) * 60 + substr(hms, 7, 2)
}
# A reader that failed says so on its last line (its output is streamed, never copied).
$0 == "EC2KR-READ-FAILED" { if (FAILED != "") print 1 > FAILED; next }
# when(i): the line's Unix time (-1 when it has none); sets exact (0 for
# traditional times, whose zone and year are inferred).
function when(i) {
  exact = 1
  if (FMT == "j") return ($1 ~ /^[0-9]+(\.[0-9]+)?$/) ? int($1) : -1
  if (i == 3) return rfc($1)
  exact = 0
  return trad($1, $2, $3)
}
{
  # Syslog files and the journal are written in order: the first line with
  # a time is the oldest record (accepted logins count too, should a clock
  # have jumped). Times are parsed only for those lines: logs are large.
  if (dated && index($0, " Accepted publickey for ") == 0) next
  i = (FMT == "j" || substr($1, 5, 1) == "-") ? 3 : 5
  if (!dated) { t = when(i); if (t >= 0) { dated = 1; if (oldest == "" || t < oldest) oldest = t } }
  if ($(i + 1) != "Accepted" || $(i + 2) != "publickey" || $(i + 3) != "for" || $(i + 5) != "from" || $(i + 7) != "port" || $(i + 9) != "ssh2:") next
  if ($i !~ /^sshd(-session)?\[[0-9]+\]:$/) next
  if ((t = when(i)) < 0) next
  if (oldest == "" || t < oldest) oldest = t
  pid = $i; sub(/^[^[]*\[/, "", pid); sub(/\]:$/, "", pid)
  user = $(i + 4); addr = $(i + 6); port = $(i + 8); fp = $(i + 11)
  if (length(user) > 32 || user !~ /^[A-Za-z0-9_][-A-Za-z0-9_.@]*[$]?$/) user = "?"
  if (length(addr) > 45 || addr !~ /^[0-9A-Za-z.:%-]+$/) addr = "?"
  if (port !~ /^[0-9]+$/ || length(port) > 5) port = "?"
  if (fp !~ /^SHA256:[A-Za-z0-9+\/]+$/ && fp !~ /^[0-9a-f][0-9a-f](:[0-9a-f][0-9a-f])+$/) fp = "?"
  print t "\t" exact "\t" pid "\t" user "\t" addr "\t" port "\t" fp
}
END { if (OLDEST != "") print (oldest == "" ? "-" : oldest) > OLDEST }
AWK

  : >"$A/rec"
  : >"$A/src"
  # src NAME STATE OLDEST RECORDS FILES UNTRUSTED UNREADABLE
  src() { printf 'EC2KR-SRC %s %s %s %s %s %s %s\n' "$@" >>"$A/src"; }
  records() { if [ -s "$1" ]; then wc -l <"$1" | tr -d ' '; else echo 0; fi; }

  # The journal.
  jstate=absent
  if command -v journalctl >/dev/null 2>&1; then
    set +f
    for d in /var/log/journal/* /run/log/journal/*; do
      [ -d "$d" ] && jstate=found
    done
    set -f
  fi
  if [ "$jstate" = found ]; then
    {
      timeout -s KILL 120 journalctl -q --no-pager -o short-unix \
        _UID=0 _COMM=sshd _COMM=sshd-session + _UID=0 _SYSTEMD_UNIT=ssh.service _SYSTEMD_UNIT=sshd.service \
        2>/dev/null </dev/null || echo EC2KR-READ-FAILED
    } | awk -v FMT=j -v FAILED="$A/j.failed" -f "$A/logs.awk" >"$A/j.rec"
    # Records read before a failure count; the journal's reach then does not.
    sed 's/^/j\t/' "$A/j.rec" >>"$A/rec"
    if [ ! -e "$A/j.failed" ]; then
      joldest=$(timeout -s KILL 30 journalctl -q --no-pager -o short-unix 2>/dev/null </dev/null | head -n 1 | awk '$1 ~ /^[0-9]+(\.[0-9]+)?$/ { print int($1) }')
      src journal found "${joldest:--}" "$(records "$A/j.rec")" 1 0 0
    else
      src journal unreadable - 0 1 0 1
    fi
  else
    src journal absent - 0 0 0 0
  fi

  # Syslog files. /var/log itself must be root's and not other-writable.
  syslog_uid=$(awk -F: '$1 == "syslog" && $3 < 1000 { print $3 }' "$T/passwd" | head -n 1)
  set -- $(stat -c '%u %a' /var/log 2>/dev/null)
  logdir_ok=0
  if [ "${1:-x}" = 0 ] && [ $((0${2:-2} & 002)) -eq 0 ] && [ ! -L /var/log ]; then logdir_ok=1; fi
  for group in auth.log secure; do
    gfiles=0 guntrusted=0 gunread=0 goldest=
    : >"$A/g.rec"
    set +f
    set -- /var/log/"$group"*
    set -f
    for f in "$@"; do
      [ -e "$f" ] || [ -L "$f" ] || continue
      if [ -L "$f" ] || [ ! -f "$f" ] || [ "$logdir_ok" = 0 ]; then
        guntrusted=$((guntrusted + 1))
        continue
      fi
      set -- $(stat -c '%u %a %Y' -- "$f" 2>/dev/null)
      owner=${1:-x} perm=${2:-777} mtime=${3:-$now}
      if { [ "$owner" != 0 ] && [ "$owner" != "${syslog_uid:-0}" ]; } || [ $((0$perm & 022)) -ne 0 ]; then
        guntrusted=$((guntrusted + 1))
        continue
      fi
      case $f in *.gz) reader='gzip -dc' ;; *) reader=cat ;; esac
      refy=$(date -d "@$mtime" +%Y 2>/dev/null || date +%Y)
      rm -f "$A/f.failed" "$A/f.old"
      { timeout -s KILL 120 $reader -- "$f" 2>/dev/null </dev/null || echo EC2KR-READ-FAILED; } |
        awk -v REF="$mtime" -v REFY="$refy" -v TZOFF="$tzoff" -v OLDEST="$A/f.old" \
          -v FAILED="$A/f.failed" -f "$A/logs.awk" >>"$A/g.rec"
      # A file that could not be read to its end: its records count, its reach does not.
      if [ -e "$A/f.failed" ]; then
        gunread=$((gunread + 1))
        continue
      fi
      gfiles=$((gfiles + 1))
      o=$(cat "$A/f.old" 2>/dev/null)
      case $o in '' | -) ;; *) if [ -z "$goldest" ] || [ "$o" -lt "$goldest" ]; then goldest=$o; fi ;; esac
    done
    sed "s/^/f\t/" "$A/g.rec" >>"$A/rec"
    if [ "$gfiles" -gt 0 ]; then
      state=found
    elif [ "$gunread" -gt 0 ]; then
      state=unreadable
    elif [ "$guntrusted" -gt 0 ]; then
      state=untrusted
    else
      state=absent
    fi
    src "$group" "$state" "${goldest:--}" "$(records "$A/g.rec")" "$gfiles" "$guntrusted" "$gunread"
  done

  # wtmp and btmp: how far session records go back.
  utmp_gid=$(awk -F: '$1 == "utmp" { print $3 }' "$T/group" | head -n 1)
  for db in wtmp btmp; do
    f=/var/log/$db
    tool=last
    [ "$db" = btmp ] && tool=lastb
    if [ ! -e "$f" ] && [ ! -L "$f" ]; then
      src "$db" absent - 0 0 0 0
      continue
    fi
    set -- $(stat -c '%u %g %a' -- "$f" 2>/dev/null)
    if [ -L "$f" ] || [ ! -f "$f" ] || [ "$logdir_ok" = 0 ] || [ "${1:-x}" != 0 ] || [ $((0${3:-777} & 002)) -ne 0 ] ||
      { [ $((0${3:-777} & 020)) -ne 0 ] && [ "${2:-x}" != 0 ] && [ "${2:-x}" != "${utmp_gid:-0}" ]; }; then
      src "$db" untrusted - 0 0 1 0
      continue
    fi
    if ! command -v "$tool" >/dev/null 2>&1; then
      src "$db" unreadable - 0 0 0 1
      continue
    fi
    # "wtmp begins Tue May 20 00:00:00 2025": the oldest record, when there is one.
    { timeout -s KILL 60 "$tool" -F -w -i -f "$f" 2>/dev/null </dev/null || echo EC2KR-READ-FAILED; } | awk -v TZOFF="$tzoff" -v DB="$db" '
      function dfc(y, m, d,   era, yoe, doy) {
        y -= (m <= 2); era = int((y >= 0 ? y : y - 399) / 400); yoe = y - era * 400
        doy = int((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1
        return era * 146097 + yoe * 365 + int(yoe / 4) - int(yoe / 100) + doy - 719468
      }
      $0 == "" { next }
      $0 == "EC2KR-READ-FAILED" { failed = 1; next }
      $1 == DB && $2 == "begins" {
        m = index("JanFebMarAprMayJunJulAugSepOctNovDec", $4)
        if (m && $6 ~ /^[0-9][0-9]:[0-9][0-9]:[0-9][0-9]$/ && $7 ~ /^[0-9]+$/ && $5 ~ /^[0-9]+$/)
          oldest = dfc($7, (m - 1) / 3 + 1, $5) * 86400 + substr($6, 1, 2) * 3600 + substr($6, 4, 2) * 60 + substr($6, 7, 2) - TZOFF
        next
      }
      { n++ }
      END { print ((n && oldest != "") ? oldest : "-") " " n + 0 " " failed + 0 }' >"$A/w.out"
    read -r o n failed <"$A/w.out"
    if [ "$failed" = 1 ]; then
      src "$db" unreadable - 0 0 0 1
    else
      src "$db" found "$o" "$n" 1 0 0
    fi
  done

  # Reduce: journal records first, then the files'.
  awk -F '\t' -v SINCE="$since" -v LEAKED="$A/fp.leaked" -v KNOWN="$A/fp.files" -v PIDS="$A/pids" -v SUM="$A/sum" '
    BEGIN {
      while ((getline f < LEAKED) > 0) leaked[f] = 1
      while ((getline f < KNOWN) > 0) if (!(f in leaked)) known[f] = 1
    }
    {
      # The journal and a syslog file may both hold a login: the same sshd
      # PID, user, address and port within a day is one login. Within one
      # source every line is a login of its own.
      key = $4 SUBSEP $5 SUBSEP $6 SUBSEP $7
      t = $2
      if ($1 == "j") jt[key] = jt[key] " " t
      else if (key in jt) {
        nt = split(jt[key], ts, " ")
        for (i = 1; i <= nt; i++) if (ts[i] - t <= 86400 && t - ts[i] <= 86400) next
      }
      user = $5; addr = $6; fp = $8
      after = (SINCE == "" || t >= SINCE)
      if (!after) early[addr] = 1
      if (fp in leaked) {
        g = user " " addr
        if (!(g in n)) { n[g] = 0; nb[g] = 0; first[g] = t; last[g] = t; ng++ }
        if (after) { n[g]++; recent++ } else nb[g]++
        if (t < first[g]) first[g] = t
        if (t > last[g]) last[g] = t
        print $3 "\t" t "\t" $4 "\t" user "\t" addr > PIDS
        nl++
      } else if (after) {
        if (fp in known) other++; else unknown++
      }
    }
    END {
      for (g in n) {
        split(g, ua, " ")
        isnew = (n[g] > 0 && !(ua[2] in early)) ? 1 : 0
        printf "%d\t%d\t%d\t%s %d %d %d %d %d\n", isnew, n[g], last[g], g, nb[g], n[g], first[g], last[g], isnew > SUM
      }
      printf "groups=%d leaked=%d recent=%d other=%d unknown=%d\n", ng, nl, recent, other, unknown
    }' "$A/rec" >"$A/totals" </dev/null
  : >>"$A/sum"
  : >>"$A/pids"

  # Sessions still open: the sshd process that logged the login, checked
  # against PID reuse (root's, an sshd for that user, started by then).
  btime=$(awk '$1 == "btime" { print $2 }' /proc/stat 2>/dev/null)
  hz=$(getconf CLK_TCK 2>/dev/null || echo 100)
  nopen=0
  : >"$A/open"
  sort -t "$TAB" -k2,2nr "$A/pids" | awk -F '\t' '!seen[$3]++' | head -n 200 >"$A/pids.s"
  while IFS="$TAB" read -r exact t pid user addr; do
    case $pid in '' | *[!0-9]*) continue ;; esac
    [ -d "/proc/$pid" ] || continue
    comm=$(cat "/proc/$pid/comm" 2>/dev/null)
    case $comm in sshd | sshd-session) ;; *) continue ;; esac
    puid=$(awk '$1 == "Uid:" { print $2 }' "/proc/$pid/status" 2>/dev/null)
    [ "$puid" = 0 ] || continue
    title=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)
    case $title in "sshd: $user "* | "sshd: $user@"* | "sshd-session: $user "* | "sshd-session: $user@"*) ;; *) continue ;; esac
    start=$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | awk -v B="${btime:-0}" -v HZ="$hz" '{ print int(B + $20 / HZ) }')
    slack=5
    [ "$exact" = 1 ] || slack=7200
    [ -n "$start" ] && [ "$start" -le $((t + slack)) ] || continue
    nopen=$((nopen + 1))
    printf '%s %s %s %s\n' "$pid" "$user" "$addr" "$t" >>"$A/open"
  done <"$A/pids.s"

  # Output within budget: logins since the leak first (new addresses first).
  cat "$A/src"
  sort -t "$TAB" -k1,1nr -k2,2nr -k3,3nr "$A/sum" | cut -f4 | awk '
    { line = "EC2KR-LOGIN " $0; used += length(line) + 1; if (used > 1350) exit; print line }'
  awk '{ line = "EC2KR-OPEN " $0; used += length(line) + 1; if (used > 400) exit; print line }' "$A/open"
  audit_done ok " $(cat "$A/totals") open=$nopen keyfiles=$keyfiles unreadable=$unread"
  return 0
}
