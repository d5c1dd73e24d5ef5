# Build, boot and test the kernel; build and test mm/ and gc/ hosted on Linux.
#
#   make            build/kernel.elf and the bootable build/kernel.iso
#   make run        boot to the serial console (Ctrl-A X quits); ARGS="k=v ..." adds boot options;
#                   PY=FILE.py runs a Python file at boot first (tools/pymm-run runs one without
#                   the console, as python3.11 FILE.py would)
#   make test       every suite (hosted under ASan/UBSan and TSan, in-kernel with -smp 1, 2, 4,
#                   fatal paths, console, Python files through tools/pymm-run, soak, out of
#                   memory, preload, fuzz seeds, the console's command lists against its
#                   registry);
#                   T=PATTERN runs a subset; the last line sums everything
#   make host-test  hosted tests only (host-tsan, host-tsan-gil, host-test-mm-debug: variants)
#   make soak       the soak for SOAK_SECONDS; make test-oom the out-of-memory run
#   make fuzz       every libFuzzer target for FUZZ_SECONDS
#   make host       build/host/libkmalloc.so (preloadable) and build/host/libkmem.a
#   make bench      benchmarks (hosted side by side, and in-kernel)
#   make gdb        boot halted with a gdb stub and attach gdb with symbols
#
# Every QEMU run goes through tools/qemu-run (MEM=, SMP=, ACCEL=, TIMEOUT=).

BUILD    := build
CC       := gcc
HOSTCC   := clang
MEM      ?= 512M
SMP      ?= 4
ACCEL    ?= tcg,thread=multi
T        ?=
ARGS     ?=
export MEM SMP ACCEL
BENCH_TARGETS :=          # each area's section below adds its bench-* target

# ---- kernel -------------------------------------------------------------------------------------
KCFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -I. \
           -ffreestanding -fno-builtin-malloc -nostdlib -fno-pic -fno-pie -mno-red-zone \
           -mgeneral-regs-only -mcmodel=small -fno-stack-protector -fno-omit-frame-pointer -mno-omit-leaf-frame-pointer \
           -fno-asynchronous-unwind-tables -fno-tree-loop-distribute-patterns -MMD -MP
KASFLAGS := -I. -g -MMD -MP
KLDFLAGS := -nostdlib -no-pie -z max-page-size=0x1000 -z noexecstack -Wl,--build-id=none -T linker.ld

# One wildcard per folder: kernel/ (boot-time and common code), kernel/arch/ (the machine),
# kernel/sched/ (threads, locks, CPUs, the GIL), kernel/console/ (the shell and its commands),
# tests/kernel/harness/ (soak, out-of-memory, crash and workload machinery), vm/ (the program
# archive).
KERNEL_DIRS := kernel kernel/arch kernel/sched kernel/console
KSRC := $(wildcard boot/*.S $(foreach d,$(KERNEL_DIRS),$(d)/*.S $(d)/*.c) mm/*.c gc/*.c vm/*.c \
                   tests/*.c tests/kernel/*.c tests/kernel/*.S tests/kernel/harness/*.c \
                   tests/mm/*.c tests/gc/*.c tests/vm/*.c)
KSRC := $(filter-out vm/hosted_main.c,$(KSRC))
KOBJ := $(patsubst %,$(BUILD)/k/%.o,$(KSRC))

# The interpreter uses doubles, so vm/ (and the tests that run it or check the x87/SSE state
# switch) is built with SSE; everything else keeps -mgeneral-regs-only, so interrupt handlers
# and the scheduler never touch x87/SSE registers, which are saved only at context switches
# (kernel/arch/fpu.h).
KSSE_SRC := $(wildcard vm/*.c tests/vm/*.c) tests/kernel/test_fpu.c
$(patsubst %,$(BUILD)/k/%.o,$(KSSE_SRC)): KCFLAGS := $(filter-out -mgeneral-regs-only,$(KCFLAGS))

.PHONY: all run test host-test host bench bench-kernel gdb clean deps iso fuzz fuzz-seeds
all: $(BUILD)/kernel.iso

$(BUILD)/k/%.c.o: %.c Makefile
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(KCFLAGS) -c $< -o $@

$(BUILD)/k/%.S.o: %.S Makefile
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	@$(CC) $(KASFLAGS) -c $< -o $@

# The symbol table is embedded for backtraces: link once without it, list the text symbols, and
# link again with them. The table sits after all code (see linker.ld), so code addresses do not
# move between the two links; tools/gen-ksyms checks that.
$(BUILD)/kernel.nosyms.elf: $(KOBJ) $(BUILD)/k/ksyms-empty.o linker.ld
	$(CC) $(KLDFLAGS) -o $@ $(KOBJ) $(BUILD)/k/ksyms-empty.o -lgcc

$(BUILD)/k/ksyms-empty.o: tools/gen-ksyms
	@mkdir -p $(dir $@)
	tools/gen-ksyms /dev/null > $(BUILD)/k/ksyms-empty.S
	$(CC) $(KASFLAGS) -c $(BUILD)/k/ksyms-empty.S -o $@

$(BUILD)/k/ksyms.o: $(BUILD)/kernel.nosyms.elf tools/gen-ksyms
	tools/gen-ksyms $< > $(BUILD)/k/ksyms.S
	$(CC) $(KASFLAGS) -c $(BUILD)/k/ksyms.S -o $@

$(BUILD)/kernel.elf: $(KOBJ) $(BUILD)/k/ksyms.o linker.ld
	$(CC) $(KLDFLAGS) -o $@ $(KOBJ) $(BUILD)/k/ksyms.o -lgcc
	tools/gen-ksyms --check $(BUILD)/kernel.nosyms.elf $@

# The Python programs shipped in the image: py/ and tests/py/ compiled by the host's CPython 3.11
# into one archive (tools/pyc-pack; empty when neither folder exists), which GRUB loads as a
# module beside the kernel. A user's own files come on a disk instead (tools/qemu-run --py), so
# one ISO serves every run. The folders are prerequisites too, so deleting a file repacks.
PY_DIRS := $(wildcard py tests/py)
PY_FILES := $(if $(PY_DIRS),$(shell find $(PY_DIRS) -name '*.py' -o -name '*.pyc'))
$(BUILD)/pymm.arc: tools/pyc-pack $(PY_DIRS) $(PY_FILES) | deps
	@mkdir -p $(dir $@)
	@echo "  PYC-PACK $@"
	@/usr/bin/python3.11 tools/pyc-pack -o $@ $(PY_DIRS)

$(BUILD)/kernel.iso: $(BUILD)/kernel.elf $(BUILD)/pymm.arc boot/grub.cfg | deps
	@mkdir -p $(BUILD)/iso/boot/grub
	cp $(BUILD)/kernel.elf $(BUILD)/iso/boot/kernel.elf
	cp $(BUILD)/pymm.arc $(BUILD)/iso/boot/pymm.arc
	cp boot/grub.cfg $(BUILD)/iso/boot/grub/grub.cfg
	grub-mkrescue -o $@ $(BUILD)/iso 2>$(BUILD)/grub-mkrescue.log || \
	  { cat $(BUILD)/grub-mkrescue.log; exit 1; }

iso: $(BUILD)/kernel.iso

# Install QEMU, GRUB and the ISO tools when one is missing (does nothing otherwise).
deps:
	@tools/install-deps.sh

# PY=FILE.py: the user's file (and the .py files beside it) on a disk beside the ISO, run at
# boot (py.start), then the console; `py run NAME` runs it again (tools/qemu-run --py).
run: $(BUILD)/kernel.iso
	@tools/qemu-run --console --args "$(ARGS)" $(if $(PY),--py $(PY) --py-start)

gdb: $(BUILD)/kernel.iso
	@tools/qemu-run --gdb --args "$(ARGS)"

# ---- hosted -------------------------------------------------------------------------------------
HCFLAGS := -std=gnu11 -g -O1 -Wall -Wextra -Werror -I. -DPLATFORM_HOSTED -MMD -MP \
           -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
HLDFLAGS := -fsanitize=address,undefined -lpthread -ldl

# vm/hosted_main.c is the hosted pymm's main (build/host/pymm), not part of the library.
VM_LIB_SRC := $(filter-out vm/hosted_main.c,$(wildcard vm/*.c))
HLIBSRC  := $(wildcard mm/*.c gc/*.c) $(VM_LIB_SRC) tests/host/platform.c
HTESTSRC := $(wildcard tests/*.c) tests/host/test_main.c \
            $(wildcard tests/mm/*.c tests/gc/*.c tests/vm/*.c)
HTESTOBJ := $(patsubst %,$(BUILD)/hsan/%.o,$(HLIBSRC) $(HTESTSRC))

$(BUILD)/hsan/%.c.o: %.c Makefile | deps
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $<"
	@$(HOSTCC) $(HCFLAGS) -c $< -o $@

$(BUILD)/host/tests-asan: $(HTESTOBJ)
	@mkdir -p $(dir $@)
	$(HOSTCC) -o $@ $^ $(HLDFLAGS)

# The framework checking that it can fail (tests/host/selfcheck.c), linked apart from the suite.
HSELFOBJ := $(patsubst %,$(BUILD)/hsan/%.o,tests/ktest.c tests/host/selfcheck.c tests/host/platform.c)
$(BUILD)/host/selfcheck: $(HSELFOBJ)
	@mkdir -p $(dir $@)
	$(HOSTCC) -o $@ $^ $(HLDFLAGS)

host-test: $(BUILD)/host/tests-asan
	@tools/run-suite hosted $(BUILD)/host/tests-asan "$(T)"

# ---- fuzzing (libFuzzer, ASan+UBSan) -----------------------------------------------------------
# Each tests/fuzz/fuzz_NAME.c is a target; FUZZ_SRC_NAME lists the sources it needs. `make fuzz`
# runs each for FUZZ_SECONDS, growing a working corpus under build/ (the seeds in
# tests/fuzz/corpus/NAME stay untouched); `make fuzz-seeds` (part of make test) replays the seeds.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := cmdline heap gc console archive marshal
FUZZ_SRC_cmdline := kernel/cmdline.c kernel/parse.c
FUZZ_SRC_heap := $(filter-out mm/stdnames.c,$(wildcard mm/*.c))
FUZZ_SRC_gc := $(FUZZ_SRC_heap) $(filter-out gc/bench.c,$(wildcard gc/*.c)) tests/fuzz/gc_model.c
FUZZ_SRC_console := kernel/console/line_edit.c kernel/console/shell_args.c kernel/parse.c
FUZZ_SRC_archive := vm/archive.c
FUZZ_SRC_marshal := $(FUZZ_SRC_heap) $(filter-out gc/bench.c,$(wildcard gc/*.c)) \
                    $(filter-out vm/hosted_main.c,$(wildcard vm/*.c))
FUZZ_FLAGS := -std=gnu11 -g -O1 -I. -DPLATFORM_HOSTED -fsanitize=fuzzer,address,undefined \
              -fno-sanitize-recover=all -fsanitize-coverage-ignorelist=tests/fuzz/coverage-ignore.txt

$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h tests/fuzz/coverage-ignore.txt \
                     tests/host/platform.c Makefile | deps
	@mkdir -p $(dir $@)
	@echo "  FUZZ    $@"
	@$(HOSTCC) $(FUZZ_FLAGS) -o $@ $< $(FUZZ_SRC_$*) tests/host/platform.c -lpthread -ldl

# Each target is rebuilt when its sources or the headers in their folders change.
$(foreach t,$(FUZZ_TARGETS),$(eval $(BUILD)/fuzz/fuzz_$(t): $(FUZZ_SRC_$(t)) \
    $(wildcard $(addsuffix *.h,$(sort $(dir $(FUZZ_SRC_$(t))))))))

fuzz: $(FUZZ_TARGETS:%=$(BUILD)/fuzz/fuzz_%)
	@tools/fuzz run $(FUZZ_SECONDS) $(FUZZ_TARGETS)

fuzz-seeds: $(FUZZ_TARGETS:%=$(BUILD)/fuzz/fuzz_%)
	@tools/fuzz seeds $(FUZZ_TARGETS)

# ---- mm: hosted libraries and allocator benchmark (owned by the mm work) -------------------------
# build/host/libkmalloc.so  the heap with the standard names, for LD_PRELOAD (mm/stdnames.c is
#                           compiled in only here, with -DHEAP_STDNAMES); optimised, no sanitizers.
# build/host/libkmem.a      the k* API only, plus gc/ and the hosted platform, for test programs.
# make host-tsan            cross-thread frees under ThreadSanitizer (tests/mm/hosted/).
# make host-test-mm-debug   the hosted suite with debug mode on from the start and encoded lists.
# make bench-mm             hosted allocator benchmark against glibc, mimalloc, jemalloc, tcmalloc.
# make bench-mm-cost        what the always-on checks cost: ours beside a copy built without them.
MMCFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -I. -DPLATFORM_HOSTED -MMD -MP -fPIC \
            -ftls-model=initial-exec -fvisibility=hidden \
            -fno-semantic-interposition -fno-builtin-malloc -fno-builtin-free
MM_SO_SRC  := $(wildcard mm/*.c) tests/host/platform.c
MM_LIB_SRC := $(filter-out mm/stdnames.c,$(wildcard mm/*.c gc/*.c)) tests/host/platform.c

$(BUILD)/hpic/%.c.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(MMCFLAGS) -c $< -o $@

$(BUILD)/hpic-std/%.c.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(MMCFLAGS) -DHEAP_STDNAMES -c $< -o $@

$(BUILD)/host/libkmalloc.so: $(patsubst %,$(BUILD)/hpic-std/%.o,$(MM_SO_SRC))
	@mkdir -p $(dir $@)
	$(CC) -shared -o $@ $^ -lpthread -ldl

$(BUILD)/host/libkmem.a: $(patsubst %,$(BUILD)/hpic/%.o,$(MM_LIB_SRC))
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

host: $(BUILD)/host/libkmalloc.so $(BUILD)/host/libkmem.a

TSANFLAGS := -std=gnu11 -g -O1 -I. -DPLATFORM_HOSTED -fsanitize=thread -fno-omit-frame-pointer
$(BUILD)/host/tsan-heap: tests/mm/hosted/tsan_cross_free.c $(wildcard mm/*.c mm/*.h) tests/host/platform.c
	@mkdir -p $(dir $@)
	$(HOSTCC) $(TSANFLAGS) -o $@ tests/mm/hosted/tsan_cross_free.c \
	  $(filter-out mm/stdnames.c,$(wildcard mm/*.c)) tests/host/platform.c -lpthread -ldl

.PHONY: host-tsan host-test-mm-debug bench-mm bench-mm-cost
host-tsan: $(BUILD)/host/tsan-heap
	@tools/run-suite hosted-tsan $(BUILD)/host/tsan-heap ""

# The hosted suite again with the heap in debug mode from the start, and with encoded free lists.
MM_VARIANT_SRC = $(filter-out mm/stdnames.c,$(wildcard mm/*.c)) $(filter-out mm/%,$(HLIBSRC)) $(HTESTSRC)
$(BUILD)/host/tests-mm-debug: $(MM_VARIANT_SRC) $(wildcard mm/*.h tests/*.h)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(filter-out -MMD -MP,$(HCFLAGS)) -DHEAP_DEBUG_DEFAULT=1 -DHEAP_ENCODE_FREELIST=1 \
	  -o $@ $(MM_VARIANT_SRC) $(HLDFLAGS)
host-test-mm-debug: $(BUILD)/host/tests-mm-debug
	@tools/run-suite hosted-mm-debug $(BUILD)/host/tests-mm-debug "$(T)"

$(BUILD)/host/bench-malloc: tools/bench/bench_malloc.c
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 -O2 -g -Wall -Wextra -o $@ $< -lpthread

bench-mm: $(BUILD)/host/libkmalloc.so $(BUILD)/host/bench-malloc
	@tools/bench-malloc

bench-mm-cost:
	@tools/bench-malloc-cost $(MM_COST_ARGS)

BENCH_TARGETS += bench-mm

# ---- gc: collector benchmark (owned by the gc work) ---------------------------------------------
# make bench-gc   our collector (build/host/gc-bench over libkmem.a) against CPython 3.11 on the
#                 same graph shapes, interleaved, medians; GC_BENCH_ARGS="--rounds 3 --n 200000".
# In-kernel: boot option bench=gc (tests/gc/bench_gc.c) prints the same shapes in cycles/object.
# tools/bench-gc-compare A B: two builds of build/host/gc-bench side by side (median and min).
GC_BENCH_ARGS ?=
$(BUILD)/host/gc-bench: tools/bench/gc_bench.c gc/bench.h $(BUILD)/host/libkmem.a
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 -O2 -g -Wall -Wextra -Werror -I. -DPLATFORM_HOSTED -o $@ $< \
	  $(BUILD)/host/libkmem.a -lpthread -ldl

.PHONY: bench-gc
bench-gc: $(BUILD)/host/gc-bench
	@tools/bench-gc $(GC_BENCH_ARGS)

BENCH_TARGETS += bench-gc

# ---- smp/gil: hosted spinlock and GIL tests (owned by the SMP work) ------------------------------
# The spinlocks and the GIL also build hosted, pthreads playing the CPUs
# (kernel/sched/gil_platform.h, tests/host/gil_host.c), so ThreadSanitizer can check their memory
# ordering: `make host-tsan-gil` runs tests/host/tsan_gil.c (suite hosted-tsan-gil, part of
# `make test`). -rdynamic lets the hosted symbolizer (dladdr) name the call sites in the spinlock
# reports. Everything else of the SMP code is kernel-only: tests/kernel/test_{smp,spinlock,gil,
# gil_objects}.c in the in-kernel suite, and the benchmarks in
# tests/kernel/harness/workload_bench.c (gil_countdown, gil_convoy, spinlock, eval_breaker) under
# bench-kernel, e.g. `make bench-kernel SMP=2 B='gil_*'`.
GIL_TSAN_SRC := tests/host/tsan_gil.c tests/host/gil_host.c tests/host/test_main.c tests/ktest.c \
                tests/host/platform.c kernel/sched/spinlock.c kernel/sched/gil.c \
                kernel/sched/gil_stats.c
GIL_TSAN_FLAGS := -std=gnu11 -g -O1 -Wall -Wextra -Werror -I. -DPLATFORM_HOSTED \
                  -fsanitize=thread -fno-omit-frame-pointer
$(BUILD)/host/tsan-gil: $(GIL_TSAN_SRC) $(wildcard kernel/*.h kernel/sched/*.h tests/host/*.h \
                                      tests/*.h mm/platform.h)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(GIL_TSAN_FLAGS) -rdynamic -o $@ $(GIL_TSAN_SRC) -lpthread -ldl

.PHONY: host-tsan-gil
host-tsan-gil: $(BUILD)/host/tsan-gil
	@tools/run-suite hosted-tsan-gil $(BUILD)/host/tsan-gil "$(T)"

# ---- vm: math and random ---------------------------------------------------------------------
# vm/libm and vm/mt19937 are tested in the hosted suite (tests/vm/test_libm.c against glibc and
# mpmath's correctly rounded results, tests/vm/test_mt19937.c against python3.11's draws).
# make check-random-py  py/lib/random.py over a pure-Python model of _random, call by call
#                       against CPython's random module (suite random-py, part of make test).
# Regenerating the tables (mpmath needed): python3 tests/vm/gen_libm_tables.py > vm/libm_tables.c,
# python3 tests/vm/gen_libm_cases.py > tests/vm/libm_cases.h, /usr/bin/python3.11
# tests/vm/gen_mt19937.py > tests/vm/mt19937_cases.h.
.PHONY: check-random-py
check-random-py:
	@tools/run-suite random-py python3.11 tests/vm/check_random_py.py

# ---- vm: Python programs hosted ---------------------------------------------------------------
# build/host/pymm FILE.py [ARGS]   a Python file on Linux as python3.11 would run it, on pymm's
#                                  heap, collector and interpreter (optimised, no sanitizers);
# build/host/pymm-asan             the same under ASan/UBSan, which the hosted py suite uses.
PYMM_SRC := $(filter-out mm/stdnames.c,$(wildcard mm/*.c)) $(wildcard gc/*.c) $(VM_LIB_SRC) \
            vm/hosted_main.c tests/host/platform.c
PYMM_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -I. -DPLATFORM_HOSTED \
               -fno-omit-frame-pointer
$(BUILD)/host/pymm: $(PYMM_SRC) $(wildcard mm/*.h gc/*.h vm/*.h) | deps
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	@$(HOSTCC) $(PYMM_CFLAGS) -o $@ $(PYMM_SRC) -lpthread -ldl
$(BUILD)/host/pymm-asan: $(PYMM_SRC) $(wildcard mm/*.h gc/*.h vm/*.h) | deps
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	@$(HOSTCC) $(filter-out -MMD -MP,$(HCFLAGS)) -o $@ $(PYMM_SRC) $(HLDFLAGS)
host: $(BUILD)/host/pymm

# ---- soak and out-of-memory ---------------------------------------------------------------------
# make soak       the soak test (tests/kernel/harness/soak.c, boot option soak=SECONDS) for
#                 SOAK_SECONDS on SOAK_SMP CPUs (2 unless SMP= is given); the log is
#                 build/logs/soak.log.
# make test-oom   boot with MEM=32M, run the heap out of memory from the console, check it recovers.
# make test runs a 5 s soak at -smp 2 and a 3 s one at -smp 4 (suites soak-smp2, soak-smp4) and
# tools/test-oom (suite oom); the in-kernel OOM tests are tests/kernel/test_oom.c and
# tests/gc/test_gc_oom.c.
SOAK_SECONDS ?= 60
SOAK_SMP ?= $(if $(filter command line environment,$(origin SMP)),$(SMP),2)
SOAK_TIMEOUT_MARGIN := 120
SOAK_TEST_RUNS := soak-smp2:2:5 soak-smp4:4:3

.PHONY: soak test-oom
soak: $(BUILD)/kernel.iso
	@mkdir -p $(BUILD)/logs
	@TIMEOUT=$$(( $(SOAK_SECONDS) + $(SOAK_TIMEOUT_MARGIN) )) tools/qemu-run --batch \
	  --smp $(SOAK_SMP) --args "soak=$(SOAK_SECONDS)" --log $(BUILD)/logs/soak.log

test-oom: $(BUILD)/kernel.iso
	@tools/run-suite oom-smp$(or $(SMP),2) tools/test-oom --smp $(or $(SMP),2) --mem 32M

# ---- benchmarks ---------------------------------------------------------------------------------
# Each area adds its own bench-* target above and lists it here.
BENCH_TARGETS += bench-kernel
bench: $(BENCH_TARGETS)

# In-kernel benchmarks (tests/kbench.h) on SMP CPUs; B=NAME runs a subset. Each vCPU thread is
# pinned to its own host CPU (tools/qemu-pin); PIN=0 leaves them to the host's scheduler.
bench-kernel: $(BUILD)/kernel.iso
	@PIN=$(or $(PIN),1) tools/qemu-run --batch --smp $(SMP) --args "bench$(if $(B),=$(B))" --log $(BUILD)/logs/bench-kernel.log

# ---- the whole suite ----------------------------------------------------------------------------
# tools/run-suite runs one suite, keeps its log under build/ and records its counts; tools/verdict
# sums every recorded suite into the one closing line and the exit status.
test: $(BUILD)/host/tests-asan $(BUILD)/host/selfcheck $(BUILD)/kernel.iso \
      $(FUZZ_TARGETS:%=$(BUILD)/fuzz/fuzz_%) $(BUILD)/host/tsan-heap $(BUILD)/host/tests-mm-debug \
      $(BUILD)/host/libkmalloc.so $(BUILD)/host/tsan-gil $(BUILD)/host/pymm-asan
	@rm -f $(BUILD)/results/*
	-@tools/run-suite framework $(BUILD)/host/selfcheck
	-@tools/run-suite verdict tools/test-verdict
	-@tools/run-suite hosted $(BUILD)/host/tests-asan "$(T)"
	-@tools/run-suite hosted-mm-debug $(BUILD)/host/tests-mm-debug "$(T)"
	-@tools/run-suite hosted-tsan $(BUILD)/host/tsan-heap
	-@tools/run-suite hosted-tsan-gil $(BUILD)/host/tsan-gil "$(T)"
	-@tools/run-suite random-py python3.11 tests/vm/check_random_py.py
	@# Python programs: CPython 3.11 is the oracle, run live beside pymm hosted (ASan/UBSan) and
	@# in one boot of the kernel (tests/py, tools/test-py).
	-@tools/run-suite py-runner tools/test-py --selftest
	-@tools/run-suite py-hosted tools/test-py --pymm $(BUILD)/host/pymm-asan --jobs 2 --match "$(T)"
	-@tools/run-suite py-kernel-smp2 tools/test-py --kernel 'tools/pymm-run --smp 2' --match "$(T)"
	-@tools/run-suite kernel-smp1 --smp 1 "$(T)"
	-@tools/run-suite kernel-smp2 --smp 2 "$(T)"
	-@tools/run-suite kernel-smp4 --smp 4 "$(T)"
	-@tools/run-suite fatal tools/test-fatal
	@# Two CPUs, as many as the build machines have host cores: the per-core demo then really runs
	@# in parallel instead of waiting for the host to schedule four vCPU threads on two cores.
	-@tools/run-suite console tools/test-console --smp 2
	-@tools/run-suite commands tools/check-commands
	-@tools/run-suite pymm-run tools/test-pymm-run --smp 2
	-@tools/run-suite preload tools/test-preload
	-@tools/run-suite fuzz tools/fuzz seeds $(FUZZ_TARGETS)
	-@for run in $(SOAK_TEST_RUNS); do set -- $$(echo $$run | tr : ' '); \
	  TIMEOUT=$$(( $$3 + $(SOAK_TIMEOUT_MARGIN) )) tools/run-suite $$1 tools/qemu-run --batch \
	    --smp $$2 --args "soak=$$3" --log $(BUILD)/logs/$$1.serial; done
	-@tools/run-suite oom-smp2 tools/test-oom --smp 2 --mem 32M
	-@tools/run-suite oom-smp4 tools/test-oom --smp 4 --mem 32M
	@tools/verdict

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
