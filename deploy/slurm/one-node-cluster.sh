#!/usr/bin/env bash
# Starts or stops a one-node Slurm cluster on loopback, to try and to test cluster execution on:
# munge, slurmctld and slurmd as root, process tracking by /proc (no cgroups), the node's CPUs and memory as slurmd -C
# reports them. State lives in $XRAYCTL_SLURM_DIR (default /tmp/xrayctl-slurm); clients find the cluster with
#   export SLURM_CONF=$XRAYCTL_SLURM_DIR/slurm.conf
# Both actions are idempotent: start on a running cluster and stop on a stopped one succeed. A munged already running
# is used and left running; one this script started is stopped with the cluster.
set -euo pipefail

state="${XRAYCTL_SLURM_DIR:-/tmp/xrayctl-slurm}"
conf="$state/slurm.conf"

running() { [[ -f "$state/$1.pid" ]] && kill -0 "$(cat "$state/$1.pid")" 2>/dev/null; }

start() {
  [[ $(id -u) == 0 ]] || { echo "one-node-cluster: run it as root (munged and the Slurm daemons run as root here)" >&2; exit 2; }
  for tool in munged slurmctld slurmd sinfo; do
    command -v "$tool" >/dev/null || { echo "one-node-cluster: $tool is not installed (Debian: apt-get install slurm-wlm munge)" >&2; exit 2; }
  done
  mkdir -p "$state/spool/ctld" "$state/spool/d" /run/munge
  if ! pgrep -x munged >/dev/null; then
    [[ -s /etc/munge/munge.key ]] || { dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none; chmod 400 /etc/munge/munge.key; }
    munged --force 2>>"$state/munged.log"
    cp /run/munge/munged.pid "$state/munged.pid"
  fi
  if running slurmctld && running slurmd; then
    echo "one-node-cluster: running; export SLURM_CONF=$conf"
    return
  fi
  local cpus memory
  cpus=$(slurmd -C | sed -n 's/.*CPUs=\([0-9]*\).*/\1/p')
  memory=$(slurmd -C | sed -n 's/.*RealMemory=\([0-9]*\).*/\1/p')
  cat > "$conf" <<CONF
ClusterName=xrayctl
SlurmctldHost=localhost
SlurmUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU_Memory
StateSaveLocation=$state/spool/ctld
SlurmdSpoolDir=$state/spool/d
SlurmctldPidFile=$state/slurmctld.pid
SlurmdPidFile=$state/slurmd.pid
SlurmctldLogFile=$state/slurmctld.log
SlurmdLogFile=$state/slurmd.log
ReturnToService=2
# Schedule on every event, without the 3 s batching meant for clusters that take thousands of jobs a minute: a test's
# array tasks then start as soon as a CPU frees.
SchedulerParameters=batch_sched_delay=0,sched_min_interval=0
NodeName=localhost CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=main Nodes=localhost Default=YES MaxTime=INFINITE State=UP
CONF
  running slurmctld || slurmctld -f "$conf"
  running slurmd || slurmd -f "$conf" -N localhost
  for _ in $(seq 60); do
    if SLURM_CONF="$conf" sinfo -h -o %T 2>/dev/null | grep -qx idle; then
      echo "one-node-cluster: started ($cpus CPUs, $memory MB); export SLURM_CONF=$conf"
      return
    fi
    sleep 0.5
  done
  echo "one-node-cluster: the node did not come up; see $state/slurmctld.log and $state/slurmd.log" >&2
  exit 1
}

stop() {
  for daemon in slurmd slurmctld munged; do
    if running "$daemon"; then
      kill "$(cat "$state/$daemon.pid")"
      for _ in $(seq 40); do running "$daemon" || break; sleep 0.25; done
    fi
  done
  echo "one-node-cluster: stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
