package org.matrixregistration.web.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.matrixregistration.core.health.HealthCheck;
import org.matrixregistration.core.health.HealthReport;

/** Readiness over fake health checks, and the metrics after real requests. */
class OperationsIT {

    private static HealthCheck check(String component, boolean healthy) {
        return new HealthCheck() {
            @Override
            public String component() {
                return component;
            }

            @Override
            public HealthReport check() {
                return new HealthReport(component, healthy, healthy ? "Fine." : "Down.", Map.of("version", "1.0"));
            }
        };
    }

    private static HealthCheck failing(String component, RuntimeException failure) {
        return new HealthCheck() {
            @Override
            public String component() {
                return component;
            }

            @Override
            public HealthReport check() {
                throw failure;
            }
        };
    }

    private static HealthCheck hanging(String component) {
        return new HealthCheck() {
            @Override
            public String component() {
                return component;
            }

            @Override
            public HealthReport check() {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return HealthReport.healthy(component, "Too late.", Map.of());
            }
        };
    }

    private static AdminFixture withChecks(HealthCheck... checks) {
        return AdminFixture.start(UnaryOperator.identity(), List.of(checks), Duration.ofSeconds(3));
    }

    @Test
    void isReadyWhenEveryCheckIsHealthy() {
        try (AdminFixture ops = withChecks(check("database", true), check("homeserver", true))) {
            HttpResponse<String> ready = ops.send(ops.admin("/health/ready"));
            assertThat(ready.statusCode()).isEqualTo(200);
            JsonNode body = Json.parse(ready.body());
            assertThat(body.get("ready").booleanValue()).isTrue();
            assertThat(body.get("checks").findValuesAsText("component")).containsExactly("database", "homeserver");
            JsonNode database = body.get("checks").get(0);
            assertThat(database.get("healthy").booleanValue()).isTrue();
            assertThat(database.get("detail").asText()).isEqualTo("Fine.");
            assertThat(database.get("facts").get("version").asText()).isEqualTo("1.0");
            assertThat(ops.send(ops.request("/health")).body()).isEqualTo("OK");
        }
    }

    @Test
    void isNotReadyWhenACheckFailsThrowsOrHangs() {
        try (AdminFixture ops = withChecks(check("database", true), check("homeserver", false))) {
            HttpResponse<String> notReady = ops.send(ops.admin("/health/ready"));
            assertThat(notReady.statusCode()).isEqualTo(503);
            JsonNode body = Json.parse(notReady.body());
            assertThat(body.get("ready").booleanValue()).isFalse();
            assertThat(body.get("checks").get(0).get("healthy").booleanValue()).isTrue();
            assertThat(body.get("checks").get(1).get("healthy").booleanValue()).isFalse();
            assertThat(body.get("checks").get(1).get("detail").asText()).isEqualTo("Down.");
        }
        try (AdminFixture ops = withChecks(failing("database", new IllegalStateException("jdbc:postgresql://u:s3cret@db")),
                hanging("homeserver"))) {
            HttpResponse<String> notReady = ops.send(ops.admin("/health/ready"));
            assertThat(notReady.statusCode()).isEqualTo(503);
            JsonNode checks = Json.parse(notReady.body()).get("checks");
            assertThat(checks.get(0).get("detail").asText()).contains("IllegalStateException");
            assertThat(checks.get(1).get("healthy").booleanValue()).isFalse();
            assertThat(checks.get(1).get("detail").asText()).contains("No answer within 3000 ms");
            assertThat(notReady.body()).doesNotContain("s3cret");
        }
    }

    @Test
    void thePublicAnswerIsStatusOnlyFromACacheAndTheDetailsNeedTheAdminSecret() {
        AtomicInteger runs = new AtomicInteger();
        AtomicBoolean healthy = new AtomicBoolean(true);
        HealthCheck counted = new HealthCheck() {
            @Override
            public String component() {
                return "homeserver";
            }

            @Override
            public HealthReport check() {
                runs.incrementAndGet();
                return new HealthReport(component(), healthy.get(), "Synapse 1.160 at http://synapse.internal:8008",
                        Map.of("version", "1.160.0"));
            }
        };
        try (AdminFixture ops = withChecks(counted)) {
            for (int i = 0; i < 5; i++) {
                HttpResponse<String> ready = ops.send(ops.request("/health/ready"));
                assertThat(ready.statusCode()).isEqualTo(200);
                assertThat(ready.body()).isEqualTo("{\"ready\":true}");
            }
            assertThat(runs).as("the public answer comes from a cache").hasValue(1);

            healthy.set(false);
            HttpResponse<String> details = ops.send(ops.admin("/health/ready"));
            assertThat(details.statusCode()).as("the admin's view runs the checks afresh").isEqualTo(503);
            assertThat(details.body()).contains("synapse.internal", "1.160.0");
            HttpResponse<String> notReady = ops.send(ops.request("/health/ready"));
            assertThat(notReady.statusCode()).isEqualTo(503);
            assertThat(notReady.body()).isEqualTo("{\"ready\":false}");

            HttpResponse<String> wrong = ops.send(ops.request("/health/ready").header("Authorization", "SharedSecret guess"));
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(wrong.body()).doesNotContain("synapse.internal");
        }
    }

    @Test
    void aCheckThatIsNotEssentialIsShownButNeverMakesThePortalUnready() {
        HealthCheck room = new HealthCheck() {
            @Override
            public String component() {
                return "approval_room";
            }

            @Override
            public HealthReport check() {
                return HealthReport.unhealthy(component(), "Not joined.", Map.of());
            }

            @Override
            public boolean essential() {
                return false;
            }
        };
        try (AdminFixture ops = withChecks(check("database", true), room)) {
            HttpResponse<String> ready = ops.send(ops.admin("/health/ready"));
            assertThat(ready.statusCode()).isEqualTo(200);
            JsonNode body = Json.parse(ready.body());
            assertThat(body.get("ready").booleanValue()).isTrue();
            assertThat(body.get("checks").get(0).has("essential")).isFalse();
            assertThat(body.get("checks").get(1).get("healthy").booleanValue()).isFalse();
            assertThat(body.get("checks").get(1).get("essential").booleanValue()).isFalse();
            assertThat(body.get("checks").get(1).get("detail").asText()).isEqualTo("Not joined.");
        }
    }

    @Test
    void measuresRequestsByRouteTemplateAndTheJvm() {
        try (AdminFixture ops = AdminFixture.start()) {
            ops.post("/api/token", "{\"name\": \"Welcome\"}");

            signUp(ops, "alice", "Welcome");
            signUp(ops, "bob", "Guessed");

            HttpResponse<String> metrics = ops.send(ops.request("/metrics"));
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");
            assertThat(sample(ops, "http_server_requests_seconds_count{method=\"POST\",status=\"200\",uri=\"/register\"}"))
                    .hasValue(1);
            assertThat(sample(ops, "http_server_requests_seconds_count{method=\"POST\",status=\"400\",uri=\"/register\"}"))
                    .hasValue(1);
            assertThat(sample(ops, "http_server_requests_seconds_count{method=\"POST\",status=\"200\",uri=\"/api/token\"}"))
                    .hasValue(1);
            assertThat(metrics.body()).contains("jvm_memory_used_bytes", "process_uptime_seconds", "jvm_threads_live_threads");
            assertThat(metrics.body()).doesNotContain("Welcome", "alice");
        }
    }

    @Test
    void servesReadinessAndMetricsOnTheirOwnPortWhenAsked() {
        try (AdminFixture ops = AdminFixture.withOperationsPort()) {
            signUp(ops, "carol", "Nothing");
            assertThat(ops.send(ops.request("/metrics")).statusCode()).as("not on the public port").isEqualTo(404);
            assertThat(ops.send(ops.admin("/health/ready")).statusCode()).isEqualTo(404);
            assertThat(ops.send(ops.request("/health/ready")).statusCode()).isEqualTo(404);

            HttpResponse<String> ready = ops.send(ops.operations("/health/ready"));
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.headers().allValues("Date")).as("dated as on the public port").singleElement()
                    .asString().endsWith(" GMT");
            assertThat(Json.parse(ready.body()).has("checks")).as("the monitoring's port shows the details").isTrue();
            assertThat(ops.send(ops.operations("/health")).body()).isEqualTo("OK");
            assertThat(ops.send(ops.operations("/register")).statusCode()).isEqualTo(404);
            HttpResponse<String> metrics = ops.send(ops.operations("/metrics"));
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains(
                    "http_server_requests_seconds_count{method=\"POST\",status=\"400\",uri=\"/register\"} 1");
        }
    }

    private static void signUp(AdminFixture ops, String username, String token) {
        ops.send(ops.request("/register").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\": \"" + username + "\", \"password\": "
                        + "\"correct horse\", \"confirm\": \"correct horse\", \"token\": \"" + token + "\"}")));
    }

    /** The value of one series in a fresh scrape, if present. */
    private static OptionalDouble sample(AdminFixture ops, String series) {
        String body = ops.send(ops.request("/metrics")).body();
        return Arrays.stream(body.split("\n"))
                .filter(line -> line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1).strip().split(" ")[0]))
                .findFirst();
    }
}
