package com.creditledger.bench;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CpuTimesTest {

    @Test
    void growthCountsNewcomersWholeAndLosesTheDeparted() {
        Map<Long, Long> before = Map.of(1L, 100L, 2L, 50L, 3L, 70L);
        Map<Long, Long> after = Map.of(1L, 130L, 2L, 50L, 4L, 20L);

        assertThat(CpuTimes.growth(before, after)).isEqualTo(30 + 0 + 20);
    }

    @Test
    void anIdWhoseTimeWentDownWasReusedAndCountsWhole() {
        assertThat(CpuTimes.growth(Map.of(7L, 500L), Map.of(7L, 40L))).isEqualTo(40);
    }

    @Test
    void theTotalLeavesOutWhatWasNotMeasured() {
        assertThat(new CpuTimes(10, 2, null, null, Map.of()).totalNanos()).isEqualTo(12);
        assertThat(new CpuTimes(10, 2, 3L, 5L, Map.of()).totalNanos()).isEqualTo(20);
    }
}
