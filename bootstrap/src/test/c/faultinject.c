/*
 * waiaas fault injector: an LD_PRELOAD library that counts the I/O calls a process tree makes on the files under
 * given roots (the data dir, the install root) and fails the Nth call of one kind with one errno, once.
 *
 * Why not strace's `-e inject=SYSCALL:when=N`: strace keeps the `when` counter per traced thread (each thread gets a
 * fresh copy), and `-P PATH` matches only that exact path, never what lies below it. A JVM does its file I/O on
 * several threads (and an upgrade in several processes), so "the Nth write" would fail once in every thread that
 * makes N writes, and files with generated names (a backup's staging dir) cannot be named in advance. This library
 * counts every process and thread of one run on one counter (in a shared memory file), selects calls by path prefix,
 * and sees both the JVM's own calls (libjava, libnio) and SQLite's (its unix VFS calls libc by symbol).
 *
 * Environment (read once per process; unset means inert):
 *   WAIAAS_FAULT_STATE  file of the shared state (the test creates it, FAULT_STATE_SIZE bytes of zeros)
 *   WAIAAS_FAULT_ROOTS  ':'-separated absolute paths; a call counts when its path is one of them or below one
 *   WAIAAS_FAULT_KIND   the kind to fail: open write fsync rename mkdir readdir ftruncate unlink (empty: count only)
 *   WAIAAS_FAULT_N      fail the Nth call of that kind (1-based); 0 counts only
 *   WAIAAS_FAULT_ERRNO  the errno to fail it with, by number
 *   WAIAAS_FAULT_LOG    optional: append "kind TAB n TAB function TAB path TAB pid" for every counted call
 *
 * A process that runs from under a root (an installed version's bin/java) loading its own program is not the
 * operation's I/O: read-only opens and listings of its own home (the version's bin, lib, app, conf) are not counted,
 * nor is a shell reading a launcher script or the marker it reads beside its caches (bin/waiaas,
 * lib/waiaas-aot.home).
 *
 * The test sets the state's `closed` word once the operation under test has ended: from then on nothing is counted
 * or failed (a daemon the operation started keeps the library loaded).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

enum kind { K_OPEN, K_WRITE, K_FSYNC, K_RENAME, K_MKDIR, K_READDIR, K_FTRUNCATE, K_UNLINK, K_COUNT };
static const char *const KIND_NAMES[K_COUNT] = {
    "open", "write", "fsync", "rename", "mkdir", "readdir", "ftruncate", "unlink"};

/* The shared state: FAULT_STATE_SIZE bytes, laid out as below (the Java side reads the same offsets). */
struct state {
    uint32_t closed;                /* 0: counting; 1: the operation ended */
    uint32_t fired;                 /* 1 once the Nth call was failed */
    uint64_t counts[K_COUNT];       /* calls counted so far, per kind */
    char fired_call[512];           /* "function path" of the failed call, NUL-terminated */
};
#define FAULT_STATE_SIZE 4096

static struct state *shared;
static int selected = -1;
static uint64_t target;
static int fault_errno;
static int log_fd = -1;
static char *roots[16];
static size_t root_lengths[16];
static int root_count;
static __thread int busy;
/* The home of the program this process runs, when it lies under a root: {home}/bin/java. */
static char own_home[2048];
static size_t own_home_length;

#define REAL(name) static __typeof__(name) *real_##name
REAL(open);
REAL(open64);
REAL(openat);
REAL(openat64);
REAL(creat);
REAL(opendir);
REAL(write);
REAL(pwrite);
REAL(pwrite64);
REAL(writev);
REAL(pwritev);
REAL(copy_file_range);
REAL(sendfile);
REAL(sendfile64);
REAL(fsync);
REAL(fdatasync);
REAL(rename);
REAL(renameat);
REAL(renameat2);
REAL(mkdir);
REAL(mkdirat);
REAL(readdir);
REAL(readdir64);
REAL(ftruncate);
REAL(ftruncate64);
REAL(truncate);
REAL(unlink);
REAL(unlinkat);
REAL(rmdir);

#define LOOKUP(name) real_##name = (__typeof__(real_##name)) dlsym(RTLD_NEXT, #name)
/* A call may come before the constructor ran (another library's constructor): resolve on first use. */
#define CALL(name) ((__typeof__(real_##name)) resolve((void **) &real_##name, #name))

static void *resolve(void **slot, const char *name) {
    if (*slot == NULL) {
        *slot = dlsym(RTLD_NEXT, name);
    }
    return *slot;
}

__attribute__((constructor)) static void init(void) {
    LOOKUP(open); LOOKUP(open64); LOOKUP(openat); LOOKUP(openat64); LOOKUP(creat); LOOKUP(opendir);
    LOOKUP(write); LOOKUP(pwrite); LOOKUP(pwrite64); LOOKUP(writev); LOOKUP(pwritev);
    LOOKUP(copy_file_range); LOOKUP(sendfile); LOOKUP(sendfile64);
    LOOKUP(fsync); LOOKUP(fdatasync);
    LOOKUP(rename); LOOKUP(renameat); LOOKUP(renameat2);
    LOOKUP(mkdir); LOOKUP(mkdirat);
    LOOKUP(readdir); LOOKUP(readdir64);
    LOOKUP(ftruncate); LOOKUP(ftruncate64); LOOKUP(truncate);
    LOOKUP(unlink); LOOKUP(unlinkat); LOOKUP(rmdir);

    const char *state_file = getenv("WAIAAS_FAULT_STATE");
    const char *root_list = getenv("WAIAAS_FAULT_ROOTS");
    if (state_file == NULL || *state_file == '\0' || root_list == NULL || *root_list == '\0') {
        return;
    }
    int fd = real_open(state_file, O_RDWR | O_CLOEXEC);
    if (fd < 0) {
        return;
    }
    void *map = mmap(NULL, FAULT_STATE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    close(fd);
    if (map == MAP_FAILED) {
        return;
    }
    char *list = strdup(root_list);
    for (char *save = NULL, *root = strtok_r(list, ":", &save); root != NULL && root_count < 16;
            root = strtok_r(NULL, ":", &save)) {
        size_t length = strlen(root);
        while (length > 1 && root[length - 1] == '/') {
            root[--length] = '\0';
        }
        roots[root_count] = root;
        root_lengths[root_count++] = length;
    }
    const char *kind = getenv("WAIAAS_FAULT_KIND");
    for (int k = 0; kind != NULL && k < K_COUNT; k++) {
        if (strcmp(kind, KIND_NAMES[k]) == 0) {
            selected = k;
        }
    }
    const char *n = getenv("WAIAAS_FAULT_N");
    target = n == NULL ? 0 : strtoull(n, NULL, 10);
    const char *e = getenv("WAIAAS_FAULT_ERRNO");
    fault_errno = e == NULL ? EIO : atoi(e);
    const char *log = getenv("WAIAAS_FAULT_LOG");
    if (log != NULL && *log != '\0') {
        log_fd = real_open(log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    }
    char exe[2048];
    ssize_t length = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    if (length > 0) {
        exe[length] = '\0';
        char *bin = strstr(exe, "/bin/java");
        if (bin != NULL && bin[strlen("/bin/java")] == '\0') {
            *bin = '\0';
            snprintf(own_home, sizeof(own_home), "%s", exe);
            own_home_length = strlen(own_home);
        }
    }
    shared = map;
}

/* Tell whether reading `path` is this process loading its own program (see the comment at the top). */
static int loading_program(const char *path) {
    size_t length = strlen(path);
    static const char *const launcher_files[] = {"/bin/waiaas", "/lib/waiaas-aot.home"};
    for (size_t i = 0; i < sizeof(launcher_files) / sizeof(launcher_files[0]); i++) {
        size_t suffix = strlen(launcher_files[i]);
        if (length >= suffix && strcmp(path + length - suffix, launcher_files[i]) == 0) {
            return 1;
        }
    }
    if (own_home_length == 0) {
        return 0;
    }
    if (strncmp(path, own_home, own_home_length) == 0 && (path[own_home_length] == '/' || path[own_home_length] == '\0')) {
        return 1;
    }
    char *real = realpath(path, NULL);
    int own = real != NULL && strncmp(real, own_home, own_home_length) == 0
            && (real[own_home_length] == '/' || real[own_home_length] == '\0');
    free(real);
    return own;
}

/* Tell whether `path` is a root or lies below one. */
static int under_roots(const char *path) {
    for (int i = 0; i < root_count; i++) {
        size_t length = root_lengths[i];
        if (strncmp(path, roots[i], length) == 0 && (path[length] == '\0' || path[length] == '/')) {
            return 1;
        }
    }
    return 0;
}

/* Write the absolute form of `path` (relative to `dirfd`, or to the working directory) into `out`. */
static int absolute(int dirfd, const char *path, char *out, size_t size) {
    if (path == NULL) {
        return 0;
    }
    if (path[0] == '/') {
        snprintf(out, size, "%s", path);
        return 1;
    }
    char base[2048];
    if (dirfd == AT_FDCWD) {
        if (getcwd(base, sizeof(base)) == NULL) {
            return 0;
        }
    } else {
        char link[64];
        snprintf(link, sizeof(link), "/proc/self/fd/%d", dirfd);
        ssize_t n = readlink(link, base, sizeof(base) - 1);
        if (n < 0) {
            return 0;
        }
        base[n] = '\0';
    }
    snprintf(out, size, "%s/%s", base, path);
    return 1;
}

/* Write the path `fd` is open on into `out`. */
static int fd_path(int fd, char *out, size_t size) {
    char link[64];
    snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, out, size - 1);
    if (n < 0) {
        return 0;
    }
    out[n] = '\0';
    return 1;
}

/*
 * Count one call of `kind` by `function` on `path` when it lies under the roots; return 1 when it is the one to
 * fail (errno is then set).
 */
static int count(enum kind kind, const char *function, const char *path) {
    if (shared == NULL || busy || __atomic_load_n(&shared->closed, __ATOMIC_ACQUIRE) || !under_roots(path)) {
        return 0;
    }
    busy = 1;
    uint64_t n = __atomic_add_fetch(&shared->counts[kind], 1, __ATOMIC_SEQ_CST);
    int fail = (int) kind == selected && n == target;
    if (log_fd >= 0) {
        char line[4600];
        int length = snprintf(line, sizeof(line), "%s\t%llu\t%s\t%s\t%d%s\n", KIND_NAMES[kind],
                (unsigned long long) n, function, path, (int) getpid(), fail ? "\tFAILED" : "");
        if (length > 0) {
            real_write(log_fd, line, (size_t) length < sizeof(line) ? (size_t) length : sizeof(line) - 1);
        }
    }
    if (fail) {
        snprintf(shared->fired_call, sizeof(shared->fired_call), "%s %s", function, path);
        __atomic_store_n(&shared->fired, 1, __ATOMIC_RELEASE);
    }
    busy = 0;
    if (fail) {
        errno = fault_errno;
    }
    return fail;
}

static int count_path_(enum kind kind, const char *function, int dirfd, const char *path) {
    if (shared == NULL || busy || __atomic_load_n(&shared->closed, __ATOMIC_ACQUIRE)) {
        return 0;
    }
    char full[4096];
    return absolute(dirfd, path, full, sizeof(full)) && count(kind, function, full);
}

/* Count an open (or a listing when `flags` is O_RDONLY|O_DIRECTORY), unless it loads the process's program. */
static int count_open_(const char *function, int dirfd, const char *path, int flags) {
    if (shared == NULL || busy || __atomic_load_n(&shared->closed, __ATOMIC_ACQUIRE)) {
        return 0;
    }
    char full[4096];
    if (!absolute(dirfd, path, full, sizeof(full)) || !under_roots(full)) {
        return 0;
    }
    if ((flags & O_ACCMODE) == O_RDONLY && !(flags & (O_CREAT | O_TRUNC))) {
        busy = 1;
        int loading = loading_program(full);
        busy = 0;
        if (loading) {
            return 0;
        }
    }
    return count(K_OPEN, function, full);
}

static int count_fd_(enum kind kind, const char *function, int fd) {
    if (shared == NULL || busy || __atomic_load_n(&shared->closed, __ATOMIC_ACQUIRE)) {
        return 0;
    }
    char full[4096];
    return fd_path(fd, full, sizeof(full)) && count(kind, function, full);
}

/*
 * The counting looks paths up (readlink, realpath), which may leave errno set; a caller such as readdir's, which
 * tells the end of a listing from a failure by errno alone, must find errno as it left it.
 */
#define KEEP_ERRNO(call)                                                                                              \
    ({                                                                                                                 \
        int saved_errno_ = errno;                                                                                      \
        int fail_ = (call);                                                                                            \
        if (!fail_) {                                                                                                  \
            errno = saved_errno_;                                                                                      \
        }                                                                                                              \
        fail_;                                                                                                         \
    })
#define count_path(...) KEEP_ERRNO(count_path_(__VA_ARGS__))
#define count_fd(...) KEEP_ERRNO(count_fd_(__VA_ARGS__))
#define count_open(...) KEEP_ERRNO(count_open_(__VA_ARGS__))
#define count_rename(...) KEEP_ERRNO(count_rename_(__VA_ARGS__))
#define count_listing(...) KEEP_ERRNO(count_listing_(__VA_ARGS__))

/* ---- open ---- */

static mode_t mode_of(int flags, va_list args) {
    return (flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE ? (mode_t) va_arg(args, int) : 0;
}

int open(const char *path, int flags, ...) {
    va_list args;
    va_start(args, flags);
    mode_t mode = mode_of(flags, args);
    va_end(args);
    return count_open("open", AT_FDCWD, path, flags) ? -1 : CALL(open)(path, flags, mode);
}

int open64(const char *path, int flags, ...) {
    va_list args;
    va_start(args, flags);
    mode_t mode = mode_of(flags, args);
    va_end(args);
    return count_open("open64", AT_FDCWD, path, flags) ? -1 : CALL(open64)(path, flags, mode);
}

int openat(int dirfd, const char *path, int flags, ...) {
    va_list args;
    va_start(args, flags);
    mode_t mode = mode_of(flags, args);
    va_end(args);
    return count_open("openat", dirfd, path, flags) ? -1 : CALL(openat)(dirfd, path, flags, mode);
}

int openat64(int dirfd, const char *path, int flags, ...) {
    va_list args;
    va_start(args, flags);
    mode_t mode = mode_of(flags, args);
    va_end(args);
    return count_open("openat64", dirfd, path, flags) ? -1 : CALL(openat64)(dirfd, path, flags, mode);
}

int creat(const char *path, mode_t mode) {
    return count_open("creat", AT_FDCWD, path, O_CREAT | O_WRONLY | O_TRUNC) ? -1 : CALL(creat)(path, mode);
}

DIR *opendir(const char *path) {
    return count_open("opendir", AT_FDCWD, path, O_RDONLY | O_DIRECTORY) ? NULL : CALL(opendir)(path);
}

/* ---- write ---- */

ssize_t write(int fd, const void *buffer, size_t size) {
    return count_fd(K_WRITE, "write", fd) ? -1 : CALL(write)(fd, buffer, size);
}

ssize_t pwrite(int fd, const void *buffer, size_t size, off_t offset) {
    return count_fd(K_WRITE, "pwrite", fd) ? -1 : CALL(pwrite)(fd, buffer, size, offset);
}

ssize_t pwrite64(int fd, const void *buffer, size_t size, off64_t offset) {
    return count_fd(K_WRITE, "pwrite64", fd) ? -1 : CALL(pwrite64)(fd, buffer, size, offset);
}

ssize_t writev(int fd, const struct iovec *iov, int count) {
    return count_fd(K_WRITE, "writev", fd) ? -1 : CALL(writev)(fd, iov, count);
}

ssize_t pwritev(int fd, const struct iovec *iov, int count, off_t offset) {
    return count_fd(K_WRITE, "pwritev", fd) ? -1 : CALL(pwritev)(fd, iov, count, offset);
}

ssize_t copy_file_range(int in, off64_t *in_offset, int out, off64_t *out_offset, size_t size, unsigned flags) {
    return count_fd(K_WRITE, "copy_file_range", out) ? -1
                                                       : CALL(copy_file_range)(in, in_offset, out, out_offset, size, flags);
}

ssize_t sendfile(int out, int in, off_t *offset, size_t size) {
    return count_fd(K_WRITE, "sendfile", out) ? -1 : CALL(sendfile)(out, in, offset, size);
}

ssize_t sendfile64(int out, int in, off64_t *offset, size_t size) {
    return count_fd(K_WRITE, "sendfile64", out) ? -1 : CALL(sendfile64)(out, in, offset, size);
}

/* ---- fsync ---- */

int fsync(int fd) {
    return count_fd(K_FSYNC, "fsync", fd) ? -1 : CALL(fsync)(fd);
}

int fdatasync(int fd) {
    return count_fd(K_FSYNC, "fdatasync", fd) ? -1 : CALL(fdatasync)(fd);
}

/* ---- rename: counted by its source, or its target when only that lies under the roots ---- */

static int count_rename_(const char *function, int from_dir, const char *from, int to_dir, const char *to) {
    if (shared == NULL || busy || __atomic_load_n(&shared->closed, __ATOMIC_ACQUIRE)) {
        return 0;
    }
    char source[4096];
    char target_path[4096];
    int have_source = absolute(from_dir, from, source, sizeof(source));
    int have_target = absolute(to_dir, to, target_path, sizeof(target_path));
    if (have_source && under_roots(source)) {
        return count(K_RENAME, function, source);
    }
    return have_target && count(K_RENAME, function, target_path);
}

int rename(const char *from, const char *to) {
    return count_rename("rename", AT_FDCWD, from, AT_FDCWD, to) ? -1 : CALL(rename)(from, to);
}

int renameat(int from_dir, const char *from, int to_dir, const char *to) {
    return count_rename("renameat", from_dir, from, to_dir, to) ? -1 : CALL(renameat)(from_dir, from, to_dir, to);
}

int renameat2(int from_dir, const char *from, int to_dir, const char *to, unsigned int flags) {
    return count_rename("renameat2", from_dir, from, to_dir, to) ? -1
                                                                 : CALL(renameat2)(from_dir, from, to_dir, to, flags);
}

/* ---- mkdir ---- */

int mkdir(const char *path, mode_t mode) {
    return count_path(K_MKDIR, "mkdir", AT_FDCWD, path) ? -1 : CALL(mkdir)(path, mode);
}

int mkdirat(int dirfd, const char *path, mode_t mode) {
    return count_path(K_MKDIR, "mkdirat", dirfd, path) ? -1 : CALL(mkdirat)(dirfd, path, mode);
}

/* ---- readdir: getdents64 underneath; a failed call ends the listing with errno set ---- */

static int count_listing_(const char *function, DIR *dir) {
    if (shared == NULL || busy || __atomic_load_n(&shared->closed, __ATOMIC_ACQUIRE)) {
        return 0;
    }
    char full[4096];
    if (!fd_path(dirfd(dir), full, sizeof(full)) || !under_roots(full)) {
        return 0;
    }
    busy = 1;
    int loading = loading_program(full);
    busy = 0;
    return !loading && count(K_READDIR, function, full);
}

struct dirent *readdir(DIR *dir) {
    return count_listing("readdir", dir) ? NULL : CALL(readdir)(dir);
}

struct dirent64 *readdir64(DIR *dir) {
    return count_listing("readdir64", dir) ? NULL : CALL(readdir64)(dir);
}

/* ---- ftruncate ---- */

int ftruncate(int fd, off_t length) {
    return count_fd(K_FTRUNCATE, "ftruncate", fd) ? -1 : CALL(ftruncate)(fd, length);
}

int ftruncate64(int fd, off64_t length) {
    return count_fd(K_FTRUNCATE, "ftruncate64", fd) ? -1 : CALL(ftruncate64)(fd, length);
}

int truncate(const char *path, off_t length) {
    return count_path(K_FTRUNCATE, "truncate", AT_FDCWD, path) ? -1 : CALL(truncate)(path, length);
}

/* ---- unlink ---- */

int unlink(const char *path) {
    return count_path(K_UNLINK, "unlink", AT_FDCWD, path) ? -1 : CALL(unlink)(path);
}

int unlinkat(int dirfd, const char *path, int flags) {
    return count_path(K_UNLINK, "unlinkat", dirfd, path) ? -1 : CALL(unlinkat)(dirfd, path, flags);
}

int rmdir(const char *path) {
    return count_path(K_UNLINK, "rmdir", AT_FDCWD, path) ? -1 : CALL(rmdir)(path);
}
