package com.creditledger.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProcStatTest {

    @Test
    void fieldsAreCountedFromTheLastParenthesisSoACommandWithSpacesAndParenthesesParses() {
        String line = "4242 (my (odd) cmd) S 17 4242 4242 0 -1 4194560 1000 0 0 0 250 75 3 1 20 0 30 0 12345 100000 2000 "
                + "18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";

        ProcStat stat = ProcStat.parse(line);

        assertThat(stat).isEqualTo(new ProcStat(4242, "my (odd) cmd", 17, 325));
    }

    @Test
    void thisProcessCanBeReadAndHasUsedSomeCpu() {
        ProcStat self = ProcStat.read(ProcessHandle.current().pid()).orElseThrow();

        assertThat(ProcStat.TICKS_PER_SECOND).isPositive();
        assertThat(self.cpuNanos()).isPositive();
        assertThat(self.parentPid()).isPositive();
    }

    @Test
    void aProcessThatDoesNotExistIsEmpty() {
        assertThat(ProcStat.read(Long.MAX_VALUE)).isEmpty();
    }
}
