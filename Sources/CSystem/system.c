#define _GNU_SOURCE
#include "CSystem.h"
#include <dlfcn.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int hindsight_thread_start_elsewhere(void *(*body)(void *), void *arg) {
    pthread_attr_t attr;
    pthread_t thread;
    cpu_set_t other;
    int status, cpu;
    if (pthread_attr_init(&attr) != 0) return -1;
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    if (sched_getaffinity(0, sizeof other, &other) == 0 && (cpu = sched_getcpu()) >= 0) {
        CPU_CLR(cpu, &other);
        if (CPU_COUNT(&other) > 0) pthread_attr_setaffinity_np(&attr, sizeof other, &other);
    }
    status = pthread_create(&thread, &attr, body, arg);
    pthread_attr_destroy(&attr);
    return status;
}

void hindsight_thread_widen(void) {
    cpu_set_t all;
    if (sched_getaffinity(getpid(), sizeof all, &all) == 0) sched_setaffinity(0, sizeof all, &all);
}

int hindsight_code_is_in(const void *code, const char *fragment) {
    Dl_info info;
    return dladdr(code, &info) != 0 && info.dli_fname != NULL && strstr(info.dli_fname, fragment) != NULL;
}

int hindsight_rename_exchange(const char *from, const char *to) {
    return renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_EXCHANGE);
}
