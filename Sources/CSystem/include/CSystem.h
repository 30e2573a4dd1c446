#ifndef HINDSIGHT_CSYSTEM_H
#define HINDSIGHT_CSYSTEM_H
/* Linux calls that need _GNU_SOURCE, kept in their own C file so that no module's headers are
   read with it (it changes glibc's struct definitions, which clang then finds different in
   each module). */

/* Starts a detached thread running body(arg), placed on another CPU than the caller's when the
   process may use one (else anywhere); the thread should call hindsight_thread_widen() first.
   A new thread is often queued on its creator's CPU and then starts only when the creator's
   time slice ends, about 2 ms later (BackgroundThread). Returns pthread_create's status. */
int hindsight_thread_start_elsewhere(void *(*body)(void *), void *arg);

/* Gives the calling thread the CPUs of the process's main thread again. */
void hindsight_thread_widen(void);

/* 1 when `code` lies in a loaded object whose file name contains `fragment`, else 0 (dladdr). */
int hindsight_code_is_in(const void *code, const char *fragment);

/* renameat2(from, to, RENAME_EXCHANGE): swaps two existing paths in one step. 0, or -1 with errno. */
int hindsight_rename_exchange(const char *from, const char *to);

#endif
