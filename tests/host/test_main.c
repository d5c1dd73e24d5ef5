/*
 * tests/host/test_main.c - the hosted test suite's entry point: the same TEST()s as the kernel
 * suite (those of mm/, gc/ and the framework itself), run on Linux under the sanitizers.
 * Usage: host-tests [PATTERN]; exit status 0 only when nothing failed.
 */
#include "tests/ktest.h"

int main(int argc, char **argv)
{
    return ktest_run(argc > 1 ? argv[1] : NULL) ? 1 : 0;
}
