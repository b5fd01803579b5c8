package io.ferry.runtime.worker;

import io.ferry.runtime.model.ConnectorTaskId;

/**
 * What an exactly-once source task asks of the control plane as it starts (KIP-618). A task of a connector whose
 * task configs changed may only start its transactional producer once every producer of the previous generation of
 * tasks is fenced (one left running on a worker cut off from the group could commit otherwise), and may only go on
 * once its producer has started if its configs are still the connector's newest and it is still assigned here.
 */
public interface TaskFencing {

    /** For workers without exactly-once source support: nothing to fence, nothing to check. */
    TaskFencing NONE = new TaskFencing() {
        @Override
        public Integer generation(String connector) {
            return null;
        }

        @Override
        public void fenceZombies(ConnectorTaskId id) {
        }

        @Override
        public void checkStillCurrent(ConnectorTaskId id, Integer generation) {
        }
    };

    /** Called as the task is started (herder thread): which generation of the connector's task configs it runs. */
    Integer generation(String connector);

    /** Called on the task thread before its transactional producer starts; blocks until the fencing is done. */
    void fenceZombies(ConnectorTaskId id);

    /** Called on the task thread once its producer has started; throws when the task must not go on. */
    void checkStillCurrent(ConnectorTaskId id, Integer generation);
}
