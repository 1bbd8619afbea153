package org.matrixregistration.dist;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.matrixregistration.core.approval.RequestDecisions;
import org.matrixregistration.core.registration.ReservationSettler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The work {@code serve} does beside the requests, each on daemon threads of its own: settling
 * token uses, expiring registration requests, announcing to the admins' room. A failing pass is
 * logged and the next one tries again.
 */
final class Background {
    /** Under the composition root's name, where these lines have always been logged. */
    private static final Logger LOG = LoggerFactory.getLogger(Application.class);

    /** How often the settler looks for token uses to settle. */
    static final Duration SETTLE_EVERY = Duration.ofSeconds(5);
    /** How often pending registration requests are checked for expiry. */
    static final Duration EXPIRE_EVERY = Duration.ofMinutes(1);
    /** Announcements waiting for the admins' room; beyond this they are dropped (and logged). */
    static final int ANNOUNCEMENT_QUEUE = 100;

    private Background() {}

    /**
     * Runs the settler every {@link #SETTLE_EVERY} on a daemon thread: uncertain token uses are due
     * at once, so a lost answer is looked into within seconds; a failing pass (database down) is
     * logged and the next one tries again.
     */
    static ScheduledExecutorService settle(ReservationSettler settler) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "settler");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(() -> {
            try {
                settler.settleDue();
            } catch (RuntimeException e) {
                LOG.warn("Settling token uses failed; trying again in {} s: {}", SETTLE_EVERY.toSeconds(), e.getMessage());
            }
        }, SETTLE_EVERY.toMillis(), SETTLE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        return executor;
    }

    /**
     * Denies pending requests older than {@code approval.expire_after} every {@link #EXPIRE_EVERY},
     * on the settler's thread.
     */
    static void expire(ScheduledExecutorService executor, RequestDecisions decisions) {
        executor.scheduleWithFixedDelay(() -> {
            try {
                int expired = decisions.expirePending();
                if (expired > 0) {
                    LOG.info("Denied {} registration request(s) nobody decided in time", expired);
                }
            } catch (RuntimeException e) {
                LOG.warn("Expiring registration requests failed; trying again in {} s: {}", EXPIRE_EVERY.toSeconds(),
                        e.getMessage());
            }
        }, EXPIRE_EVERY.toMillis(), EXPIRE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * One daemon thread posts to the admins' room, so that a slow room never holds a sign-up; a
     * backlog beyond {@link #ANNOUNCEMENT_QUEUE} is dropped with a warning rather than kept in memory.
     */
    static ExecutorService announcer() {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(ANNOUNCEMENT_QUEUE), runnable -> {
                    Thread thread = new Thread(runnable, "announcer");
                    thread.setDaemon(true);
                    return thread;
                }, (task, pool) -> LOG.warn("Dropped an announcement: {} are waiting for the admins' room already",
                        ANNOUNCEMENT_QUEUE));
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }
}
