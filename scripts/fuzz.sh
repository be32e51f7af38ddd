#!/usr/bin/env bash
# Fuzzes the importers (whyrec-core ImporterFuzzTest) and the API body parsers (whyrec-server ApiBodyFuzzTest)
# with Jazzer, one JVM per @FuzzTest target, for SECONDS each, and prints executions and findings per target.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]    # default 60 s; TARGET as Class#method, default all
#   scripts/fuzz.sh ci                                  # what .ci/run runs: 2 x 50 s, see below
#
# In ci mode only the two combined targets run, ImporterFuzzTest#allImporters and ApiBodyFuzzTest#allBodies (the
# last input byte picks one of the 14 importer or 5 body targets), 50 s each, 100 s of fuzzing in all: a JVM
# per target would spend more of the CI budget starting Jazzer than fuzzing. The corpus grows under
# target/fuzz-corpus/<target>/ (kept between runs, seeded from src/test/resources/.../<Class>Inputs/<target>/).
# A finding (an exception other than the parser's own error type, garbage accepted, a hang) is written to
# target/fuzz-findings/ and fails the script: fix it, then copy the input into the target's Inputs folder, where
# every normal test run replays it as a regression test.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
secs=${1:-60}
[ $# -gt 0 ] && shift
if [ "$secs" = ci ]; then
    secs=50
    set -- io.whyrec.core.data.ImporterFuzzTest#allImporters io.whyrec.server.api.ApiBodyFuzzTest#allBodies
fi
mvn -B -q -pl whyrec-core,whyrec-server -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/fuzz-classpath.txt -Dmdep.includeScope=test
core="$PWD/whyrec-core/target/test-classes:$PWD/whyrec-core/target/classes:$(cat whyrec-core/target/fuzz-classpath.txt)"
server="$PWD/whyrec-server/target/test-classes:$PWD/whyrec-server/target/classes:$(cat whyrec-server/target/fuzz-classpath.txt)"
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    for m in $(grep -A1 '@FuzzTest' whyrec-core/src/test/java/io/whyrec/core/data/ImporterFuzzTest.java \
            | sed -n 's/^ *void \([A-Za-z0-9]*\)(.*/\1/p' | grep -v '^all'); do targets+=("io.whyrec.core.data.ImporterFuzzTest#$m"); done
    for m in $(grep -A1 '@FuzzTest' whyrec-server/src/test/java/io/whyrec/server/api/ApiBodyFuzzTest.java \
            | sed -n 's/^ *void \([A-Za-z0-9]*\)(.*/\1/p' | grep -v '^all'); do targets+=("io.whyrec.server.api.ApiBodyFuzzTest#$m"); done
fi
mkdir -p target/fuzz-findings
total=0
failed=0
printf '%-58s %10s %8s %s\n' target executions seconds result
for t in "${targets[@]}"; do
    class=${t%%#*}
    method=${t##*#}
    simple=${class##*.}
    case $class in
        io.whyrec.core.*) cp=$core; module=whyrec-core ;;
        *) cp=$server; module=whyrec-server ;;
    esac
    seeds="$module/src/test/resources/$(dirname "${class//.//}")/${simple}Inputs/$method"
    corpus="target/fuzz-corpus/$simple-$method"
    mkdir -p "$corpus"
    log="target/fuzz-findings/$simple-$method.log"
    start=$(date +%s)
    set +e
    java -Xmx2g -cp "$cp" com.code_intelligence.jazzer.Jazzer --target_class="$class" --target_method="$method" \
        --instrumentation_includes='io.whyrec.**' --keep_going=1 \
        -max_total_time="$secs" -timeout=10 -rss_limit_mb=4096 \
        -artifact_prefix="target/fuzz-findings/$simple-$method-" "$corpus" "$seeds" >"$log" 2>&1
    rc=$?
    set -e
    runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$log" | tail -1)
    runs=${runs:-0}
    total=$((total + runs))
    if [ $rc -eq 0 ]; then
        result=ok
    else
        result="FINDING (exit $rc, see $log)"
        failed=$((failed + 1))
    fi
    printf '%-58s %10s %8s %s\n' "$simple#$method" "$runs" "$(( $(date +%s) - start ))" "$result"
done
echo "fuzzing: ${#targets[@]} targets x ${secs} s, $total executions, $failed with findings"
[ $failed -eq 0 ]
