package io.ferry.runtime.cluster.distributed;

import io.ferry.runtime.storage.ClusterConfig;
import io.ferry.runtime.cluster.distributed.ConnectProtocol.WorkerState;
import io.ferry.runtime.model.ConnectorTaskId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The leader's incremental cooperative assignment: members keep what they run; only work that is new, deleted,
 * duplicated or needed to even out the load moves. Work of a member that left is held back for
 * {@code scheduled.rebalance.max.delay.ms} so that a restarting worker can take it back; a worker that joins empty
 * while work is held receives it at once. The hold lives in the leader's memory only: a new leader assigns at once.
 */
final class CooperativeAssignor {

    private static final Logger log = LoggerFactory.getLogger(CooperativeAssignor.class);

    private final long maxDelayMs;
    private Map<String, Set<String>> previousConnectors = Map.of();
    private Map<String, Set<ConnectorTaskId>> previousTasks = Map.of();
    private long heldUntil = -1;

    CooperativeAssignor(long maxDelayMs) {
        this.maxDelayMs = maxDelayMs;
    }

    /** What is configured: every connector and every task id of its committed task set. */
    record Configured(Set<String> connectors, Set<ConnectorTaskId> tasks) {

        /** The connectors and tasks the config topic holds. */
        static Configured in(ClusterConfig view) {
            Set<ConnectorTaskId> tasks = new HashSet<>();
            view.connectors().keySet().forEach(c -> tasks.addAll(view.taskIds(c)));
            return new Configured(new HashSet<>(view.connectors().keySet()), tasks);
        }
    }

    Map<String, WorkerAssignment> assign(String leaderId, String leaderUrl, long configOffset,
                                         Map<String, WorkerState> members, Configured configured, long now) {
        List<String> ids = new ArrayList<>(new TreeSet<>(members.keySet()));
        Map<String, Set<String>> activeConnectors = new LinkedHashMap<>();
        Map<String, Set<ConnectorTaskId>> activeTasks = new LinkedHashMap<>();
        for (String id : ids) {
            WorkerAssignment current = members.get(id).current();
            activeConnectors.put(id, new TreeSet<>(current == null ? List.of() : current.connectors()));
            activeTasks.put(id, new TreeSet<>(Comparator.comparing(ConnectorTaskId::connector)
                    .thenComparingInt(ConnectorTaskId::task)));
            if (current != null) {
                activeTasks.get(id).addAll(current.tasks());
            }
        }
        Set<String> newcomers = new TreeSet<>();
        for (String id : ids) {
            if (!previousConnectors.containsKey(id) && activeConnectors.get(id).isEmpty() && activeTasks.get(id).isEmpty()) {
                newcomers.add(id);
            }
        }

        Placement<String> connectors = new Placement<>(activeConnectors, configured.connectors(), previousConnectors);
        Placement<ConnectorTaskId> tasks = new Placement<>(activeTasks, configured.tasks(), previousTasks);

        boolean lost = !connectors.lost.isEmpty() || !tasks.lost.isEmpty();
        int delay = 0;
        if (lost && maxDelayMs > 0 && !previousConnectors.isEmpty()) {
            if (heldUntil < 0) {
                heldUntil = now + maxDelayMs;
                log.info("Members left the group; their work ({} connectors, {} tasks) is held for {} ms in case they return",
                        connectors.lost.size(), tasks.lost.size(), maxDelayMs);
            }
            if (now >= heldUntil) {
                log.info("Held work of departed members is now reassigned");
                heldUntil = -1;
            } else if (!newcomers.isEmpty()) {
                log.info("Held work goes to the members that joined meanwhile: {}", newcomers);
                connectors.giveTo(connectors.lost, newcomers);
                tasks.giveTo(tasks.lost, newcomers);
                heldUntil = -1;
            } else {
                connectors.hold(connectors.lost);
                tasks.hold(tasks.lost);
                delay = (int) Math.max(1, heldUntil - now);
            }
        } else {
            heldUntil = -1;
        }

        connectors.assignUnplaced();
        tasks.assignUnplaced();
        boolean balancing = delay == 0 && !connectors.hasRevocations() && !tasks.hasRevocations();
        if (balancing) {
            connectors.revokeSurplus();
            tasks.revokeSurplus();
        }

        Map<String, WorkerAssignment> result = new LinkedHashMap<>();
        Map<String, Set<String>> nextConnectors = new HashMap<>();
        Map<String, Set<ConnectorTaskId>> nextTasks = new HashMap<>();
        for (String id : ids) {
            result.put(id, new WorkerAssignment(WorkerAssignment.NO_ERROR, leaderId, leaderUrl, configOffset,
                    new ArrayList<>(connectors.added.get(id)), new ArrayList<>(tasks.added.get(id)),
                    new ArrayList<>(connectors.revoked.get(id)), new ArrayList<>(tasks.revoked.get(id)), delay));
            nextConnectors.put(id, connectors.finalSet(id));
            nextTasks.put(id, tasks.finalSet(id));
        }
        // Held work still counts as placed with its departed owner, so it is recognised as lost next time too.
        connectors.held.forEach((item, owner) -> nextConnectors.computeIfAbsent(owner, k -> new HashSet<>()).add(item));
        tasks.held.forEach((item, owner) -> nextTasks.computeIfAbsent(owner, k -> new HashSet<>()).add(item));
        previousConnectors = nextConnectors;
        previousTasks = nextTasks;
        return result;
    }

    /** Where items of one kind (connectors or tasks) are, and what moves in this round. */
    private static final class Placement<T> {
        final Map<String, Set<T>> active;
        final Map<String, List<T>> added = new TreeMap<>();
        final Map<String, List<T>> revoked = new TreeMap<>();
        final Set<T> unplaced = new LinkedHashSet<>();
        final Set<T> lost = new LinkedHashSet<>();
        final Map<T, String> held = new HashMap<>();

        Placement(Map<String, Set<T>> active, Set<T> configured, Map<String, ? extends Collection<T>> previous) {
            this.active = active;
            Set<T> placed = new HashSet<>();
            for (Map.Entry<String, Set<T>> e : active.entrySet()) {
                added.put(e.getKey(), new ArrayList<>());
                revoked.put(e.getKey(), new ArrayList<>());
                for (T item : e.getValue()) {
                    if (!configured.contains(item) || !placed.add(item)) {
                        revoked.get(e.getKey()).add(item);
                    }
                }
            }
            Map<T, String> previousOwner = new HashMap<>();
            previous.forEach((member, items) -> items.forEach(item -> previousOwner.put(item, member)));
            for (T item : sorted(configured)) {
                if (placed.contains(item)) {
                    continue;
                }
                String owner = previousOwner.get(item);
                if (owner != null && !active.containsKey(owner)) {
                    lost.add(item);
                } else {
                    unplaced.add(item);
                }
            }
            unplaced.addAll(lost);
        }

        void hold(Set<T> items) {
            for (T item : items) {
                unplaced.remove(item);
                held.put(item, "departed");
            }
        }

        void giveTo(Set<T> items, Set<String> members) {
            List<String> order = new ArrayList<>(members);
            int i = 0;
            for (T item : items) {
                added.get(order.get(i++ % order.size())).add(item);
                unplaced.remove(item);
            }
        }

        void assignUnplaced() {
            for (T item : unplaced) {
                String target = null;
                int least = Integer.MAX_VALUE;
                for (String member : active.keySet()) {
                    int load = load(member);
                    if (load < least) {
                        least = load;
                        target = member;
                    }
                }
                if (target != null) {
                    added.get(target).add(item);
                }
            }
            unplaced.clear();
        }

        int load(String member) {
            return active.get(member).size() - revoked.get(member).size() + added.get(member).size();
        }

        boolean hasRevocations() {
            return revoked.values().stream().anyMatch(r -> !r.isEmpty());
        }

        /** Revokes what members hold beyond their even share; the next round gives it to the least loaded. */
        void revokeSurplus() {
            int members = active.size();
            if (members == 0) {
                return;
            }
            int total = active.keySet().stream().mapToInt(this::load).sum();
            int share = total / members;
            int withOneMore = total % members;
            List<String> byLoad = new ArrayList<>(active.keySet());
            byLoad.sort(Comparator.comparingInt(this::load).reversed().thenComparing(Comparator.naturalOrder()));
            for (String member : byLoad) {
                int allowed = share + (withOneMore-- > 0 ? 1 : 0);
                int surplus = load(member) - allowed;
                List<T> movable = new ArrayList<>(sorted(active.get(member)));
                movable.removeAll(revoked.get(member));
                for (int i = movable.size() - 1; i >= 0 && surplus > 0; i--, surplus--) {
                    revoked.get(member).add(movable.get(i));
                }
            }
        }

        Set<T> finalSet(String member) {
            Set<T> result = new HashSet<>(active.get(member));
            revoked.get(member).forEach(result::remove);
            result.addAll(added.get(member));
            return result;
        }

        @SuppressWarnings("unchecked")
        private static <T> List<T> sorted(Collection<T> items) {
            List<T> list = new ArrayList<>(items);
            list.sort((a, b) -> {
                if (a instanceof ConnectorTaskId x && b instanceof ConnectorTaskId y) {
                    int c = x.connector().compareTo(y.connector());
                    return c != 0 ? c : Integer.compare(x.task(), y.task());
                }
                return ((Comparable<Object>) a).compareTo(b);
            });
            return list;
        }
    }
}
