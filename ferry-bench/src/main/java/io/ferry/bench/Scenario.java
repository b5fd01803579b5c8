package io.ferry.bench;

/** What the bench can run; {@code --scenarios} picks among them by id. */
public enum Scenario {
    START("start"),
    SOURCE_STRING("source-string"),
    SOURCE_JSON("source-json"),
    SINK_STRING("sink-string"),
    RAW("raw"),
    SCALE("scale"),
    PARTITIONS("partitions");

    public final String id;

    Scenario(String id) {
        this.id = id;
    }

    public static Scenario byId(String id) {
        for (Scenario scenario : values()) {
            if (scenario.id.equalsIgnoreCase(id.trim())) {
                return scenario;
            }
        }
        throw new IllegalArgumentException("Unknown scenario '" + id + "'");
    }
}
