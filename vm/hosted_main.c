/*
 * vm/hosted_main.c - build/host/pymm: run a Python file on Linux as `python3.11 FILE.py ARGS`
 * would, on pymm's heap, collector and interpreter.
 *
 * The file (and every .py file beside it, for its imports) is compiled by the host's CPython 3.11
 * with tools/pyc-pack into a program archive, as the kernel's build does; py/lib/ (the modules
 * pymm writes in Python) goes into a second archive searched after it. The program's output goes
 * to stdout, an uncaught exception's traceback to stderr with exit status 1, sys.exit(n) exits
 * with n. A file that does not compile gets CPython's own SyntaxError report and status 1.
 *
 * Not portable (it is the hosted platform's main); the Makefile keeps it out of the library.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "vm/archive.h"
#include "vm/vm.h"

static char stdout_buf[1 << 16];

static void host_write(int fd, const char *data, size_t len)
{
    FILE *f = fd == 2 ? stderr : stdout;
    if (fd == 2)
        fflush(stdout); /* keep the interleaving a terminal would show */
    fwrite(data, 1, len, f);
}

static uint64_t host_monotonic_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void host_sleep_ns(uint64_t ns)
{
    struct timespec ts = {(time_t)(ns / 1000000000ull), (long)(ns % 1000000000ull)};
    while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
        ;
}

static uintptr_t host_stack_limit(void)
{
    pthread_attr_t attr;
    void *addr;
    size_t size;
    if (pthread_getattr_np(pthread_self(), &attr) != 0)
        return 0;
    pthread_attr_getstack(&attr, &addr, &size);
    pthread_attr_destroy(&attr);
    /* Keep 256 KiB for the C code that runs between checks (and ASan's larger frames). */
    return (uintptr_t)addr + (size > (1u << 20) ? (256u << 10) : size / 4);
}

/* Sources for tracebacks: the last file read is kept. */
static char *source_name, *source_text;
static size_t source_size;

static const char *host_source(const char *filename, size_t *size)
{
    if (source_name && strcmp(source_name, filename) == 0) {
        *size = source_size;
        return source_text;
    }
    FILE *f = fopen(filename, "rb");
    if (!f)
        return NULL;
    free(source_name);
    free(source_text);
    source_name = strdup(filename);
    source_text = NULL;
    source_size = 0;
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
        char *t = realloc(source_text, source_size + n);
        if (!t)
            break;
        source_text = t;
        memcpy(source_text + source_size, buf, n);
        source_size += n;
    }
    fclose(f);
    *size = source_size;
    return source_text;
}

static void *read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    struct stat st;
    if (fstat(fileno(f), &st) < 0) {
        fclose(f);
        return NULL;
    }
    void *data = malloc((size_t)st.st_size + 1);
    if (data && fread(data, 1, (size_t)st.st_size, f) != (size_t)st.st_size) {
        free(data);
        data = NULL;
    }
    fclose(f);
    *size = (size_t)st.st_size;
    return data;
}

/* Run argv (NULL-terminated) and wait; its exit status. */
static int run(char *const argv[])
{
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        execv(argv[0], argv);
        fprintf(stderr, "pymm: cannot run %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

/* The repository root: build/host/pymm lives two levels below it. */
static bool find_root(char *root, size_t len)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n < 0)
        return false;
    exe[n] = 0;
    for (int up = 0; up < 3; up++) {
        char *slash = strrchr(exe, '/');
        if (!slash)
            return false;
        *slash = 0;
    }
    snprintf(root, len, "%s", exe);
    return true;
}

int main(int argc, char **argv)
{
    char root[PATH_MAX], tmpdir[] = "/tmp/pymm.XXXXXX";
    char pack[PATH_MAX + 32], user_arc[64], lib_arc[64], libdir[PATH_MAX + 16];
    if (argc < 2) {
        fprintf(stderr, "usage: pymm FILE.py [ARGS...]\n");
        return 2;
    }
    if (!find_root(root, sizeof root) || !mkdtemp(tmpdir)) {
        fprintf(stderr, "pymm: cannot set up (%s)\n", strerror(errno));
        return 2;
    }
    snprintf(pack, sizeof pack, "%s/tools/pyc-pack", root);
    snprintf(user_arc, sizeof user_arc, "%s/user.arc", tmpdir);
    snprintf(lib_arc, sizeof lib_arc, "%s/lib.arc", tmpdir);
    snprintf(libdir, sizeof libdir, "%s/py/lib", root);

    const char *file = argv[1];
    char *dir = strdup(file), *slash = strrchr(dir, '/');
    const char *name = slash ? slash + 1 : file;
    if (slash)
        *slash = 0;
    else
        strcpy(dir, ".");

    /* The program, then its neighbours for import (left out when they do not compile). */
    char *pack_argv[4096];
    int k = 0;
    pack_argv[k++] = pack;
    pack_argv[k++] = "-o";
    pack_argv[k++] = user_arc;
    pack_argv[k++] = "-C";
    pack_argv[k++] = dir;
    pack_argv[k++] = (char *)file;
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *e;
        bool first = true;
        while ((e = readdir(d)) && k < 4090) {
            size_t n = strlen(e->d_name);
            if (n < 4 || strcmp(e->d_name + n - 3, ".py") != 0 || strcmp(e->d_name, name) == 0)
                continue;
            if (first) {
                pack_argv[k++] = "--also";
                first = false;
            }
            char *path = malloc(strlen(dir) + n + 2);
            sprintf(path, "%s/%s", dir, e->d_name);
            pack_argv[k++] = path;
        }
        closedir(d);
    }
    pack_argv[k] = NULL;
    int st = run(pack_argv);
    for (int i = 7; i < k; i++) /* the neighbours' paths, after "--also" */
        free(pack_argv[i]);
    if (st != 0) {
        /* the SyntaxError (or a missing file) was reported by CPython itself */
        return 1;
    }
    char *lib_argv[] = {pack, "-o", lib_arc, "-C", root, libdir, NULL};
    struct stat sb;
    bool have_lib = stat(libdir, &sb) == 0 && run(lib_argv) == 0;

    size_t user_size = 0, lib_size = 0;
    void *user = read_file(user_arc, &user_size);
    void *lib = have_lib ? read_file(lib_arc, &lib_size) : NULL;
    unlink(user_arc);
    unlink(lib_arc);
    rmdir(tmpdir);
    struct py_archive ar;
    char err[PY_ARCHIVE_ERROR_MAX];
    py_archive_init(&ar);
    if (!user || !py_archive_add(&ar, "program", user, user_size, err, sizeof err) ||
        (lib && !py_archive_add(&ar, "py/lib", lib, lib_size, err, sizeof err))) {
        fprintf(stderr, "pymm: %s\n", user ? err : "cannot read the compiled program");
        return 2;
    }

    setvbuf(stdout, stdout_buf, _IOFBF, sizeof stdout_buf);
    vm_platform.write = host_write;
    vm_platform.monotonic_ns = host_monotonic_ns;
    vm_platform.sleep_ns = host_sleep_ns;
    vm_platform.stack_limit = host_stack_limit;
    vm_platform.source = host_source;

    const char **pargv = calloc((size_t)argc, sizeof *pargv);
    pargv[0] = file;
    for (int i = 2; i < argc; i++)
        pargv[i - 1] = argv[i];
    int status = vm_run_program(&ar, name, argc - 1, pargv);
    fflush(stdout);
    free(pargv);
    free(user);
    free(lib);
    free(dir);
    return status;
}
