/* rss: run a command N times; print the median wall time (ms) and the peak
 * resident set size (KiB) of one run, measured by wait4(), no extra tools.
 *   rss N COMMAND [ARGS...]      (stdout of the command is discarded) */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: rss N COMMAND [ARGS...]\n");
        return 2;
    }
    int n = atoi(argv[1]);
    if (n < 1)
        n = 1;
    double *ms = malloc((size_t)n * sizeof *ms);
    long peak = 0;
    for (int i = 0; i < n; i++) {
        struct timespec a, b;
        clock_gettime(CLOCK_MONOTONIC, &a);
        pid_t pid = fork();
        if (pid == 0) {
            int fd = open("/dev/null", O_WRONLY);
            dup2(fd, 1);
            execvp(argv[2], argv + 2);
            _exit(127);
        }
        int status;
        struct rusage ru;
        wait4(pid, &status, 0, &ru);
        clock_gettime(CLOCK_MONOTONIC, &b);
        ms[i] = (double)(b.tv_sec - a.tv_sec) * 1e3 + (double)(b.tv_nsec - a.tv_nsec) / 1e6;
        if (ru.ru_maxrss > peak)
            peak = ru.ru_maxrss;
    }
    qsort(ms, (size_t)n, sizeof *ms, cmp);
    printf("%.3f ms median, %ld KiB peak RSS\n", ms[n / 2], peak);
    free(ms);
    return 0;
}
