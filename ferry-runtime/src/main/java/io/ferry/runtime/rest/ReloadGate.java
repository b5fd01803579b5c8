package io.ferry.runtime.rest;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Lets the REST API be swapped from "starting" to the full API once without failing the requests in flight. Jersey's
 * reload shuts down the application that requests still running are using, and they fail with an error page
 * ("Request scope has been already shut down"); this filter keeps the reload from starting while a request runs and
 * holds new requests back for the moment it takes. After the swap it only passes requests on.
 */
final class ReloadGate implements Filter {

    private static final Logger log = LoggerFactory.getLogger(ReloadGate.class);
    /** Requests during start-up answer at once; one that takes longer than this is not waited for. */
    private static final long MAX_WAIT_MS = 10_000;

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile boolean swapped;

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (swapped) {
            chain.doFilter(request, response);
            return;
        }
        lock.readLock().lock();
        try {
            chain.doFilter(request, response);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Runs {@code swap} once no request is in flight (or after {@link #MAX_WAIT_MS}); later requests see its result. */
    void swap(Runnable swap) {
        boolean locked = false;
        try {
            locked = lock.writeLock().tryLock(MAX_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!locked) {
            log.warn("A REST request still runs after {} ms; serving the full API anyway", MAX_WAIT_MS);
        }
        try {
            swap.run();
            swapped = true;
        } finally {
            if (locked) {
                lock.writeLock().unlock();
            }
        }
    }
}
