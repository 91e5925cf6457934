#!/usr/bin/env bash
# A single-node SLURM cluster on this machine, for the sweep tests and for trying `gpusim sweep
# --backend slurm` without a real cluster. Debian's slurm-wlm and munge, no systemd needed.
#
#   bash packages/scheduler/slurm/local-cluster.sh start    # install if missing (root), configure, start
#   bash packages/scheduler/slurm/local-cluster.sh status   # exit 0 when the node accepts jobs
#   bash packages/scheduler/slurm/local-cluster.sh stop
#
# Every command is idempotent. State and logs live under $DEVLOG_SLURM_DIR (default
# /var/tmp/devlog-slurm); the config goes where the SLURM commands look for it by default
# (/etc/slurm/slurm.conf), so sbatch/squeue work in any shell without extra environment.
set -euo pipefail

STATE_DIR="${DEVLOG_SLURM_DIR:-/var/tmp/devlog-slurm}"
CONF_DIR=/etc/slurm
CONF="$CONF_DIR/slurm.conf"
MARKER="# written by devlog packages/scheduler/slurm/local-cluster.sh"
MUNGE_KEY=/etc/munge/munge.key
MUNGE_RUN=/run/munge
MUNGE_LOG="$STATE_DIR/munged.log"
PARTITION="${DEVLOG_SLURM_PARTITION:-debug}"

say() { printf 'local-cluster: %s\n' "$*" >&2; }
fail() {
  say "$1"
  say "logs: $STATE_DIR/slurmctld.log $STATE_DIR/slurmd.log $MUNGE_LOG"
  for log in "$STATE_DIR/slurmctld.log" "$STATE_DIR/slurmd.log" "$MUNGE_LOG"; do
    if [[ -s "$log" ]]; then
      say "last lines of $log:"
      tail -n 5 "$log" >&2 || true
    fi
  done
  exit 1
}

# A pid file left by a killed daemon may name a pid since reused by another program: check the name.
# Any command failing unexpectedly still says where to look.
trap 'say "failed at line $LINENO: $BASH_COMMAND"; say "logs: $STATE_DIR/slurmctld.log $STATE_DIR/slurmd.log $MUNGE_LOG"' ERR

pid_alive() {
  local pidfile="$1" name="$2" pid
  [[ -s "$pidfile" ]] || return 1
  pid="$(cat "$pidfile")"
  kill -0 "$pid" 2>/dev/null && [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == "$name" ]]
}

install_packages() {
  if command -v slurmctld >/dev/null && command -v slurmd >/dev/null && command -v sbatch >/dev/null \
    && command -v munged >/dev/null; then
    return
  fi
  if [[ "$(id -u)" != 0 ]]; then
    fail "slurm-wlm and munge are not installed and this is not root: run 'sudo apt-get install -y slurm-wlm munge' first"
  fi
  say "installing slurm-wlm and munge (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null || fail "apt-get update failed"
  apt-get install -y -qq slurm-wlm munge >/dev/null || fail "apt-get install -y slurm-wlm munge failed"
}

start_munge() {
  mkdir -p "$STATE_DIR" "$MUNGE_RUN" /etc/munge /var/lib/munge /var/log/munge
  chown munge:munge "$MUNGE_RUN" /var/lib/munge /var/log/munge /etc/munge
  chmod 0755 "$MUNGE_RUN"
  if [[ ! -s "$MUNGE_KEY" ]]; then
    # A fresh random key: this cluster only ever talks to itself.
    dd if=/dev/urandom of="$MUNGE_KEY" bs=1 count=1024 status=none
  fi
  chown munge:munge "$MUNGE_KEY"
  chmod 0400 "$MUNGE_KEY"
  if pid_alive "$MUNGE_RUN/munged.pid" munged && munge -n </dev/null 2>/dev/null | unmunge >/dev/null 2>&1; then
    return
  fi
  touch "$MUNGE_LOG" && chown munge:munge "$MUNGE_LOG"
  runuser -u munge -- munged --force --log-file="$MUNGE_LOG" || fail "munged did not start"
  for _ in $(seq 50); do
    if munge -n </dev/null 2>/dev/null | unmunge >/dev/null 2>&1; then return; fi
    sleep 0.1
  done
  fail "munge credentials do not round-trip (munge -n | unmunge)"
}

write_config() {
  local host node_line
  host="$(hostname -s)"
  mkdir -p "$CONF_DIR" "$STATE_DIR/state" "$STATE_DIR/spool"
  if [[ -e "$CONF" ]] && ! grep -qF "$MARKER" "$CONF"; then
    fail "$CONF exists and was not written by this script; move it away to use the local cluster"
  fi
  # `slurmd -C` reports this node's real CPUs and memory, so the node is never drained for
  # declaring more than it has.
  node_line="$(slurmd -C 2>&1 | head -n 1)" || true
  [[ "$node_line" == NodeName=* ]] || fail "slurmd -C did not describe this node (got: $node_line)"
  local conf
  conf="$(cat <<CONF
$MARKER
ClusterName=devlog
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CryptoType=crypto/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
ReturnToService=2
# Daemons killed with tasks running (the end of a CI run) must not rerun those tasks on the next start.
JobRequeue=0
MaxArraySize=10001
# Keep finished jobs visible to scontrol/squeue for an hour: sacct needs slurmdbd, which this
# cluster does not run, so followers fall back to the controller's memory.
MinJobAge=3600
SlurmctldTimeout=30
SlurmdTimeout=30
StateSaveLocation=$STATE_DIR/state
SlurmdSpoolDir=$STATE_DIR/spool
SlurmctldPidFile=$STATE_DIR/slurmctld.pid
SlurmdPidFile=$STATE_DIR/slurmd.pid
SlurmctldLogFile=$STATE_DIR/slurmctld.log
SlurmdLogFile=$STATE_DIR/slurmd.log
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$STATE_DIR/jobcomp.log
JobAcctGatherType=jobacct_gather/none
${node_line% UpTime=*} NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=$PARTITION Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
)"
  if [[ ! -e "$CONF" ]] || [[ "$(cat "$CONF")" != "$conf" ]]; then
    printf '%s\n' "$conf" >"$CONF"
    CONFIG_CHANGED=1
  fi
}

node_ready() {
  local state
  state="$(sinfo -h -N -o '%T' 2>/dev/null | head -n 1)"
  [[ "$state" == idle* || "$state" == mixed* || "$state" == allocated* ]]
}

cmd_start() {
  install_packages
  start_munge
  CONFIG_CHANGED=0
  write_config
  if [[ "$CONFIG_CHANGED" == 1 ]] && (pid_alive "$STATE_DIR/slurmctld.pid" slurmctld || pid_alive "$STATE_DIR/slurmd.pid" slurmd); then
    say "configuration changed: restarting"
    cmd_stop_slurm
  fi
  if ! pid_alive "$STATE_DIR/slurmctld.pid" slurmctld; then
    slurmctld || fail "slurmctld did not start"
  fi
  for _ in $(seq 100); do
    scontrol ping 2>/dev/null | grep -q UP && break
    sleep 0.1
  done
  scontrol ping 2>/dev/null | grep -q UP || fail "slurmctld does not answer scontrol ping"
  if ! pid_alive "$STATE_DIR/slurmd.pid" slurmd; then
    slurmd || fail "slurmd did not start"
  fi
  for _ in $(seq 150); do
    node_ready && break
    sleep 0.2
  done
  if ! node_ready; then
    # A node left DOWN/DRAINED by an earlier run comes back once told to resume.
    scontrol update NodeName="$(hostname -s)" State=RESUME 2>/dev/null || true
    sleep 1
  fi
  node_ready || fail "node $(hostname -s) is not idle: $(sinfo -h -N -o '%T %E' 2>/dev/null | head -n 1)"
  say "running: partition $PARTITION on node $(hostname -s), logs in $STATE_DIR"
}

cmd_stop_slurm() {
  for daemon in slurmd slurmctld; do
    local pidfile="$STATE_DIR/$daemon.pid"
    if pid_alive "$pidfile" "$daemon"; then
      local pid
      pid="$(cat "$pidfile")"
      kill "$pid"
      for _ in $(seq 50); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
      done
    fi
    rm -f "$pidfile"
  done
}

cmd_stop() {
  cmd_stop_slurm
  if pid_alive "$MUNGE_RUN/munged.pid" munged; then
    local pid
    pid="$(cat "$MUNGE_RUN/munged.pid")"
    kill "$pid"
    for _ in $(seq 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
  fi
  say "stopped"
}

cmd_status() {
  local ok=0
  if pid_alive "$MUNGE_RUN/munged.pid" munged; then say "munged: running"; else say "munged: not running"; ok=1; fi
  if pid_alive "$STATE_DIR/slurmctld.pid" slurmctld; then say "slurmctld: running"; else say "slurmctld: not running"; ok=1; fi
  if pid_alive "$STATE_DIR/slurmd.pid" slurmd; then say "slurmd: running"; else say "slurmd: not running"; ok=1; fi
  if [[ $ok == 0 ]]; then
    sinfo >&2 || ok=1
    node_ready || ok=1
  fi
  say "logs in $STATE_DIR"
  return $ok
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  *)
    echo "usage: $0 start|stop|status" >&2
    exit 2
    ;;
esac
