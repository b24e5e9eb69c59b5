package io.waiaas.application.testkit;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Make a fake's operations fail on demand, as the real adapter's would on a full disk, a refused request or a dead
 * process: a test schedules the failure, the fake calls {@link #check} first thing in the operation.
 *
 * <p>A failure scheduled with {@link #failNext} is thrown once, by the next call of that operation; one scheduled
 * with {@link #failAlways} by every call until {@link #clear}. Thread-safe.
 */
public final class Failures {
    private final Map<String, Deque<RuntimeException>> next = new HashMap<>();
    private final Map<String, RuntimeException> always = new HashMap<>();
    private final Map<String, Integer> calls = new HashMap<>();
    private final Map<String, Map<Integer, RuntimeException>> onCall = new HashMap<>();

    /** Let the next call of {@code operation} throw {@code failure}; several queue up in order. */
    public synchronized Failures failNext(String operation, RuntimeException failure) {
        next.computeIfAbsent(operation, o -> new ArrayDeque<>()).add(Objects.requireNonNull(failure, "failure"));
        return this;
    }

    /** Let every call of {@code operation} throw {@code failure} until {@link #clear}. */
    public synchronized Failures failAlways(String operation, RuntimeException failure) {
        always.put(operation, Objects.requireNonNull(failure, "failure"));
        return this;
    }

    /** Let the {@code n}th call of {@code operation} from now on (1 is the next) throw {@code failure}. */
    public synchronized Failures failOnCall(String operation, int n, RuntimeException failure) {
        if (n < 1) {
            throw new IllegalArgumentException("calls count from 1: " + n);
        }
        onCall.computeIfAbsent(operation, o -> new HashMap<>())
                .put(calls.getOrDefault(operation, 0) + n, Objects.requireNonNull(failure, "failure"));
        return this;
    }

    /** Return how often {@code operation} was called, failures included. */
    public synchronized int calls(String operation) {
        return calls.getOrDefault(operation, 0);
    }

    /** Let {@code operation} succeed again. */
    public synchronized void clear(String operation) {
        next.remove(operation);
        always.remove(operation);
        onCall.remove(operation);
    }

    /** Throw the failure scheduled for this call of {@code operation}, if any. */
    public synchronized void check(String operation) {
        int call = calls.merge(operation, 1, Integer::sum);
        Map<Integer, RuntimeException> planned = onCall.get(operation);
        RuntimeException scheduled = planned == null ? null : planned.remove(call);
        if (scheduled != null) {
            throw scheduled;
        }
        Deque<RuntimeException> queued = next.get(operation);
        if (queued != null && !queued.isEmpty()) {
            throw queued.poll();
        }
        RuntimeException failure = always.get(operation);
        if (failure != null) {
            throw failure;
        }
    }
}
