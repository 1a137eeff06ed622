/* io_resolve.c: a lookup runs in a thread of its own, which says it is
 * done on a pipe; the shell waits for the pipe in signals_wait, so a slow
 * name server never holds the shell where Ctrl-C cannot reach it. The
 * thread blocks every signal (the shell's are blocked already, and stay
 * its own). A lookup left behind by a signal finishes in its thread,
 * which then frees what it found: the job is freed by whichever of the
 * two lets go of it last. */
#include "io_resolve.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "signals.h"

struct job {
	bool reverse;			/* getnameinfo, else getaddrinfo */
	char *host, *service;		/* getaddrinfo's question */
	struct addrinfo hints;
	struct addrinfo *res;		/* its answer */
	struct sockaddr_storage ss;	/* getnameinfo's question */
	socklen_t len;
	int flags;
	char name[NI_MAXHOST], serv[NI_MAXSERV];	/* its answer */
	int rc, err;
	int done;			/* the write end: one byte when done */
	atomic_int refs;
};

static void job_release(struct job *j)
{
	if (atomic_fetch_sub(&j->refs, 1) != 1)
		return;
	if (j->res)
		freeaddrinfo(j->res);
	if (j->done >= 0)
		close(j->done);
	free(j->host);
	free(j->service);
	free(j);
}

static void *lookup(void *arg)
{
	struct job *j = arg;

	if (j->reverse)
		j->rc = getnameinfo((struct sockaddr *)&j->ss, j->len, j->name,
				    sizeof j->name, j->serv, sizeof j->serv, j->flags);
	else
		j->rc = getaddrinfo(j->host, j->service, &j->hints, &j->res);
	j->err = errno;
	/* nobody may read it any more (a signal ended the wait): EPIPE,
	 * with SIGPIPE ignored */
	(void)!write(j->done, "", 1);
	job_release(j);
	return NULL;
}

/* Runs j in its thread and waits; 0 when it finished, -1 with errno when
 * it could not start or a signal ended the wait (j is then the thread's). */
static int run(struct job *j, int wait_ms)
{
	int p[2];
	pthread_t t;
	pthread_attr_t attr;
	sigset_t all, old;
	short got = 0;
	char byte;
	int rc;

	if (pipe2(p, O_CLOEXEC) == -1)
		return -1;
	j->done = p[1];
	atomic_init(&j->refs, 2);
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	rc = pthread_create(&t, &attr, lookup, j);
	pthread_attr_destroy(&attr);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		close(p[0]);
		close(p[1]);
		j->done = -1;
		errno = rc;
		return -1;
	}
	while ((rc = signals_wait(p[0], POLLIN, wait_ms, &got)) == 1 && !(got & POLLIN))
		;
	if (rc <= 0) {	/* left to the thread: the last to let go frees it */
		close(p[0]);
		job_release(j);
		errno = rc < 0 ? EINTR : ETIMEDOUT;
		return -1;
	}
	(void)!read(p[0], &byte, 1);
	close(p[0]);
	close(p[1]);	/* the thread has written: it touches it no more */
	j->done = -1;
	return 0;
}

int io_getaddrinfo(const char *host, const char *service,
		   const struct addrinfo *hints, struct addrinfo **res, int wait_ms)
{
	struct job *j = calloc(1, sizeof *j);
	int rc;

	*res = NULL;
	if (j == NULL)
		return EAI_MEMORY;
	j->host = host ? strdup(host) : NULL;
	j->service = service ? strdup(service) : NULL;
	if ((host && j->host == NULL) || (service && j->service == NULL)) {
		free(j->host);
		free(j->service);
		free(j);
		return EAI_MEMORY;
	}
	j->hints = *hints;
	if (run(j, wait_ms) < 0) {
		int err = errno;
		if (err != EINTR && err != ETIMEDOUT) {	/* no thread: still ours */
			free(j->host);
			free(j->service);
			free(j);
		}
		errno = err;
		return EAI_SYSTEM;
	}
	rc = j->rc;
	*res = j->res;
	j->res = NULL;
	errno = j->err;
	job_release(j);
	return rc;
}

int io_getnameinfo(const struct sockaddr *sa, socklen_t len, char *host,
		   size_t hostsz, char *serv, size_t servsz, int flags, int wait_ms)
{
	struct job *j = calloc(1, sizeof *j);
	int rc;

	if (j == NULL)
		return EAI_MEMORY;
	if (len > sizeof j->ss)
		len = sizeof j->ss;
	j->reverse = true;
	memcpy(&j->ss, sa, len);
	j->len = len;
	j->flags = flags;
	if (run(j, wait_ms) < 0) {
		int err = errno;
		if (err != EINTR && err != ETIMEDOUT)
			free(j);
		errno = err;
		return EAI_SYSTEM;
	}
	rc = j->rc;
	if (rc == 0) {
		snprintf(host, hostsz, "%s", j->name);
		snprintf(serv, servsz, "%s", j->serv);
	}
	errno = j->err;
	job_release(j);
	return rc;
}
