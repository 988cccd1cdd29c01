#!/usr/bin/env bash
# A real single-node SLURM cluster on this machine (as root, localhost only; Debian's slurm-wlm and munge), then:
#  1. radiomics of a 40-patient phantom cohort as a 4-task job array through `spinerad slurm submit`; the merged table
#     must equal the single-machine `radiomics-batch` run cell for cell;
#  2. the same again with one array task killed mid-run: merge must refuse the incomplete table, the shard is
#     resubmitted (`--tasks K`, resuming its finished rows), and the merged table must again equal the single run.
# The daemons it started are stopped on exit; state, spool and logs live under $WORK (default /tmp/spinerad-slurm-ci).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
WORK="${WORK:-/tmp/spinerad-slurm-ci}"
SPINERAD="$ROOT/bin/spinerad"
PARAMS="$ROOT/scripts/params/demo.yaml"
STRUCT="vertebra=1,2,3,4,5"
N_PATIENTS=40 SHARDS=4 TIMEOUT="${TIMEOUT:-600}"
CONF=/etc/slurm/slurm.conf

say() { echo "== slurm-ci: $*"; }
fail() {
  echo "slurm-ci: FAILED: $*" >&2
  for f in "$WORK"/log/*.log "$WORK"/out*/slurm-logs/*.out; do
    [ -f "$f" ] && { echo "---- $f (last 40 lines)" >&2; tail -40 "$f" >&2; }
  done
  exit 1
}
[ "$(id -u)" = 0 ] || fail "must run as root (slurmctld and slurmd run as root here)"
for b in munged slurmctld slurmd sbatch squeue scontrol scancel; do
  command -v "$b" >/dev/null || fail "$b not found: apt-get install slurm-wlm munge"
done
if pgrep -x slurmctld >/dev/null || pgrep -x slurmd >/dev/null; then
  fail "slurmctld/slurmd already running on this machine; this script starts its own cluster"
fi

HOST="$(hostname -s)"
CPUS="$(nproc)"
MEM_MB="$(awk '/MemTotal/ {print int($2 / 1024 * 0.8)}' /proc/meminfo)"
rm -rf "$WORK"
mkdir -p "$WORK"/{state,spool,log,run,munge}
chmod 700 "$WORK/munge"

PIDS=()
CONF_BACKUP=""
cleanup() {
  set +e
  if [ "${#PIDS[@]}" -ge 3 ]; then # cancel what is left of our jobs while slurmctld still runs
    scancel --user=root 2>/dev/null
    for _ in $(seq 20); do [ -z "$(squeue -h -o %i 2>/dev/null)" ] && break; sleep 0.5; done
  fi
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
  for _ in $(seq 20); do
    alive=0
    for p in "${PIDS[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
    [ $alive = 0 ] && break
    sleep 0.5
  done
  for p in "${PIDS[@]}"; do kill -0 "$p" 2>/dev/null && kill -9 "$p" 2>/dev/null; done
  if [ -n "$CONF_BACKUP" ]; then mv -f "$CONF_BACKUP" "$CONF"; else rm -f "$CONF"; fi
}
trap cleanup EXIT

say "munge key and daemon (socket $WORK/munge/munge.socket)"
dd if=/dev/urandom of="$WORK/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$WORK/munge/munge.key"
munged --force --socket="$WORK/munge/munge.socket" --key-file="$WORK/munge/munge.key" \
  --log-file="$WORK/log/munged.log" --pid-file="$WORK/run/munged.pid" --seed-file="$WORK/munge/munged.seed" \
  || fail "munged did not start"
PIDS+=("$(cat "$WORK/run/munged.pid")")

say "$CONF: node $HOST ($CPUS CPUs, $MEM_MB MB) at 127.0.0.1, partition debug"
mkdir -p /etc/slurm
if [ -f "$CONF" ]; then CONF_BACKUP="$WORK/slurm.conf.before"; cp -p "$CONF" "$CONF_BACKUP"; fi
cat > "$CONF" <<EOF
# Written by SpineRad's scripts/slurm-ci.sh; removed when it exits.
ClusterName=spineradci
SlurmctldHost=$HOST(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$WORK/munge/munge.socket
CredType=cred/munge
StateSaveLocation=$WORK/state
SlurmdSpoolDir=$WORK/spool
SlurmctldPidFile=$WORK/run/slurmctld.pid
SlurmdPidFile=$WORK/run/slurmd.pid
SlurmctldLogFile=$WORK/log/slurmctld.log
SlurmdLogFile=$WORK/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
MpiDefault=none
ReturnToService=2
MinJobAge=3600
NodeName=$HOST NodeAddr=127.0.0.1 CPUs=$CPUS RealMemory=$MEM_MB State=UNKNOWN
PartitionName=debug Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
EOF

say "slurmctld and slurmd"
t_up=$SECONDS
slurmctld -i || fail "slurmctld did not start"
for _ in $(seq 50); do [ -s "$WORK/run/slurmctld.pid" ] && break; sleep 0.2; done
PIDS+=("$(cat "$WORK/run/slurmctld.pid")")
slurmd || fail "slurmd did not start"
for _ in $(seq 50); do [ -s "$WORK/run/slurmd.pid" ] && break; sleep 0.2; done
PIDS+=("$(cat "$WORK/run/slurmd.pid")")
for i in $(seq 150); do
  state="$(sinfo -h -p debug -o %t 2>/dev/null || true)"
  [ "$state" = idle ] && break
  [ "$i" = 150 ] && fail "node $HOST not idle after 30 s (state '$state')"
  sleep 0.2
done
say "cluster up in $((SECONDS - t_up)) s: $(sinfo -h -o '%P %a %D %t %C')"

# Waits until none of the given jobs is pending or running.
wait_jobs() {
  local t0=$SECONDS
  while [ -n "$(squeue -h -j "$1" -o %i 2>/dev/null)" ]; do
    [ $((SECONDS - t0)) -gt $TIMEOUT ] && fail "jobs $1 still queued after $TIMEOUT s: $(squeue -h -j "$1")"
    sleep 1
  done
}
job_state() { scontrol show job "$1" 2>/dev/null | grep -o 'JobState=[A-Z_]*' | head -1 | cut -d= -f2; }
# Submits the array (+ merge job) and prints "ARRAY MERGE" job ids.
submit() {
  local out="$1"; shift
  local log
  log="$("$SPINERAD" slurm submit radiomics-batch --manifest "$WORK/cohort/manifest.csv" --params "$PARAMS" \
    --structures "$STRUCT" --out "$out" --array "$SHARDS" --partition debug --cpus 1 --mem 2G --time 00:20:00 "$@")" \
    || fail "spinerad slurm submit failed: $log"
  echo "$log" >&2
  echo "$(echo "$log" | sed -n 's/^Submitted job array \([0-9]*\).*/\1/p') $(echo "$log" | sed -n 's/^Submitted merge job \([0-9]*\).*/\1/p')"
}
compare() { python3 "$ROOT/scripts/slurm/same_table.py" "$WORK/single/radiomics.csv" "$1" || fail "$1 differs from the single-machine run"; }

say "phantom cohort of $N_PATIENTS patients and the single-machine reference run"
"$SPINERAD" cohort --out "$WORK/cohort" --n "$N_PATIENTS" --seed 14 >/dev/null 2>&1 || fail "spinerad cohort failed"
"$SPINERAD" radiomics-batch --manifest "$WORK/cohort/manifest.csv" --params "$PARAMS" --structures "$STRUCT" \
  --out "$WORK/single/radiomics.csv" 2>/dev/null || fail "single-machine radiomics-batch failed"

say "1. job array of $SHARDS shards + merge job"
t0=$SECONDS
ids="$(submit "$WORK/out1/radiomics.csv")"
read -r ARRAY MERGE <<< "$ids"
[ -n "$ARRAY" ] && [ -n "$MERGE" ] || fail "no job ids from spinerad slurm submit"
wait_jobs "$ARRAY,$MERGE"
[ "$(job_state "$MERGE")" = COMPLETED ] || fail "merge job $MERGE ended $(job_state "$MERGE")"
for k in $(seq 0 $((SHARDS - 1))); do
  [ "$(job_state "${ARRAY}_$k")" = COMPLETED ] || fail "array task ${ARRAY}_$k ended $(job_state "${ARRAY}_$k")"
done
say "array and merge done in $((SECONDS - t0)) s"
compare "$WORK/out1/radiomics.csv"

say "2. job array with one task killed mid-run"
OUT2="$WORK/out2/radiomics.csv"
# the shard with the most patients gives the widest window to catch it mid-run
VICTIM="$(ls "$WORK"/out1/radiomics.shard-*-of-$SHARDS.csv | while read -r f; do echo "$(($(wc -l < "$f") - 1)) $f"; done \
  | sort -n | tail -1 | sed 's/.*shard-\([0-9]*\)-of.*/\1/')"
ROWS="$(($(wc -l < "$WORK/out1/radiomics.shard-$VICTIM-of-$SHARDS.csv") - 1))"
ids="$(submit "$OUT2")"
read -r ARRAY MERGE <<< "$ids"
PART="$WORK/out2/radiomics.shard-$VICTIM-of-$SHARDS.csv"
t0=$SECONDS
while :; do
  done_rows=0
  [ -f "$PART" ] && done_rows=$(($(wc -l < "$PART") - 1))
  [ "$done_rows" -ge 1 ] && break
  [ $((SECONDS - t0)) -gt $TIMEOUT ] && fail "shard $VICTIM wrote no row in $TIMEOUT s"
  sleep 0.1
done
[ "$(job_state "${ARRAY}_$VICTIM")" = RUNNING ] && [ "$done_rows" -lt "$ROWS" ] \
  || fail "shard $VICTIM finished before it could be killed ($done_rows of $ROWS rows)"
scancel --full --signal=KILL "${ARRAY}_$VICTIM"
say "killed array task ${ARRAY}_$VICTIM (SIGKILL) after $done_rows of its $ROWS rows"
wait_jobs "$ARRAY,$MERGE"
[ "$(job_state "$MERGE")" != COMPLETED ] || fail "merge job $MERGE ran although shard $VICTIM was killed"
set +e
msg="$("$SPINERAD" merge --out "$OUT2" 2>&1)"
rc=$?
set -e
[ $rc = 2 ] && echo "$msg" | grep -q "rerun --shard $VICTIM/$SHARDS" || fail "merge of the incomplete shards: exit $rc, '$msg'"
say "merge refuses the incomplete shards: ${msg#spinerad: error: }"

say "resubmitting shard $VICTIM"
ids="$(submit "$OUT2" --tasks "$VICTIM")"
read -r ARRAY MERGE <<< "$ids"
wait_jobs "$ARRAY,$MERGE"
[ "$(job_state "${ARRAY}_$VICTIM")" = COMPLETED ] || fail "resubmitted shard ${ARRAY}_$VICTIM ended $(job_state "${ARRAY}_$VICTIM")"
[ "$(job_state "$MERGE")" = COMPLETED ] || fail "merge job $MERGE after the resubmission ended $(job_state "$MERGE")"
grep -h "^Computed" "$WORK"/out2/slurm-logs/*"${ARRAY}_$VICTIM".out || true
compare "$OUT2"
say "PASSED: SLURM array of $SHARDS = single-machine run, also after killing and resubmitting shard $VICTIM"
