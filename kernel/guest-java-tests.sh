#!/bin/sh
# Runs inside the uepoll QEMU guest (see kernel/run-qemu-tests.sh) with the
# project root as working directory, after the C selftests.  The host's /
# is read-only in the guest; /tmp is a tmpfs and the project root is
# writable.  $UEPOLL_RESULTS is a writable directory on the host.
#
# First version: prove that the JVM starts on the uepoll kernel.  The Java
# ring tests on USERPOLL are to be hooked in here.
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}
pass=0
fail=0
if "$JAVA_HOME/bin/java" -version; then
	echo "ok - java -version"
	pass=$((pass + 1))
else
	echo "not ok - java -version"
	fail=$((fail + 1))
fi
if [ -d transport-uepoll/target/test-classes ]; then
	echo "# transport-uepoll/target/test-classes present: Java ring tests not wired yet"
fi
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
