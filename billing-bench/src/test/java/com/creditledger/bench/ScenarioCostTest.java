package com.creditledger.bench;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ScenarioCostTest {

    @Test
    void everyFigureIsDividedByTheOperations() {
        ScenarioCost cost = new ScenarioCost(3.0, new CpuTimes(8_000_000, 400_000, 2_000_000L, 5_000_000L,
                Map.of("C# CompilerThre", 3_000_000L, "commandListener-#-C-#", 4_000_000L)),
                new DatabaseCounters(40, 3_000, 1_000, 0, 2_000_000, 12_000L));

        ScenarioCost.PerOperation perCharge = cost.perOperation(1_000);

        assertThat(perCharge).isEqualTo(new ScenarioCost.PerOperation(8.0, 0.4, 2.0, 5.0, 15.4, 0.04, 4.0, 2_000.0, 12.0, 3.0));
    }

    @Test
    void partsNotMeasuredStayNull() {
        ScenarioCost cost = new ScenarioCost(1.0, new CpuTimes(1_000, 0, null, null, Map.of()), new DatabaseCounters(1, 1, 0, 0, 10, null));

        ScenarioCost.PerOperation perOperation = cost.perOperation(1);

        assertThat(perOperation.brokerMicros()).isNull();
        assertThat(perOperation.postgresMicros()).isNull();
        assertThat(perOperation.statements()).isNull();
        assertThat(perOperation.jitMicros()).isNull();
        assertThat(perOperation.totalMicros()).isEqualTo(1.0);
    }

    @Test
    void countersSubtractFieldByField() {
        DatabaseCounters before = new DatabaseCounters(10, 100, 50, 5, 1_000, 7L);
        DatabaseCounters after = new DatabaseCounters(12, 160, 70, 5, 9_000, 19L);

        DatabaseCounters work = after.minus(before);

        assertThat(work).isEqualTo(new DatabaseCounters(2, 60, 20, 0, 8_000, 12L));
        assertThat(work.rowsWritten()).isEqualTo(80);
        assertThat(after.minus(new DatabaseCounters(0, 0, 0, 0, 0, null)).statements()).isNull();
    }
}
