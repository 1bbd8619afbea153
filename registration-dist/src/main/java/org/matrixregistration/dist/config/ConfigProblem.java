package org.matrixregistration.dist.config;

/** One thing wrong with the configuration, naming the key a person must fix. */
public record ConfigProblem(String key, String message) {
    @Override
    public String toString() {
        return key + ": " + message;
    }
}
