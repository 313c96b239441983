// Runs a command and writes its resource usage to a file: `make bench`'s measurement of one run.
//
// Why not Python's os.wait4: Linux starts a child's peak-RSS mark (ru_maxrss) at the size of the
// process that spawned it, and a Python harness is ~16 MiB; every small run (`--help`, a usage
// error) then measured Python's size, not its own. This spawner is a few hundred KiB.
//
// usage: rusage OUTPUT COMMAND [ARGUMENT...]
// OUTPUT gets "user_s system_s maxrss_kib minor_faults"; the exit status is the command's
// (128 + N for signal N).
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: rusage OUTPUT COMMAND [ARGUMENT...]\n");
        return 2;
    }
    pid_t child = fork();
    if (child < 0) { perror("fork"); return 125; }
    if (child == 0) {
        execvp(argv[2], argv + 2);
        perror(argv[2]);
        _exit(127);
    }
    int status;
    struct rusage usage;
    if (wait4(child, &status, 0, &usage) < 0) { perror("wait4"); return 125; }
    FILE *output = fopen(argv[1], "w");
    if (output == NULL) { perror(argv[1]); return 125; }
    fprintf(output, "%ld.%06ld %ld.%06ld %ld %ld\n", (long)usage.ru_utime.tv_sec, (long)usage.ru_utime.tv_usec,
            (long)usage.ru_stime.tv_sec, (long)usage.ru_stime.tv_usec, usage.ru_maxrss, usage.ru_minflt);
    fclose(output);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
