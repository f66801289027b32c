package com.creditledger.api.account;

import com.creditledger.account.CommandResult;
import com.creditledger.account.RejectionReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts every command an account answered, by command, outcome and reason, whether it came
 * over HTTP or Kafka: {@code billing.commands}. A command counts once its answer is durable,
 * at the commit of the outermost unit of work, so a Kafka batch rolled back and retried one
 * command at a time is not counted twice.
 */
class CommandOutcomes implements MessageHandlerInterceptor<CommandMessage<?>> {

    static final String METER = "billing.commands";

    private record Kind(String command, String outcome, RejectionReason reason) {
    }

    private final MeterRegistry meters;
    private final Map<Kind, Counter> counters = new ConcurrentHashMap<>();

    CommandOutcomes(MeterRegistry meters) {
        this.meters = meters;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        String command = unitOfWork.getMessage().getPayloadType().getSimpleName();
        try {
            Object answer = chain.proceed();
            if (answer instanceof CommandResult result) {
                countAtCommit(unitOfWork, command, outcome(result), result.reason());
            }
            return answer;
        } catch (AggregateNotFoundException e) {
            // the adapters answer it as a refusal (Accounts.unknownAccount), so it is counted as one
            countUnknownAccount(unitOfWork, command);
            throw e;
        }
    }

    private void countAtCommit(UnitOfWork<?> unitOfWork, String command, String outcome, RejectionReason reason) {
        Counter counter = counter(command, outcome, reason);
        unitOfWork.root().afterCommit(committed -> counter.increment());
    }

    /** Nothing of it is stored, so a refusal for want of an account counts when it is answered. */
    private void countUnknownAccount(UnitOfWork<?> unitOfWork, String command) {
        if (unitOfWork.isRoot()) {
            counter(command, "rejected", RejectionReason.UNKNOWN_ACCOUNT).increment();
        } else {
            countAtCommit(unitOfWork, command, "rejected", RejectionReason.UNKNOWN_ACCOUNT);
        }
    }

    private Counter counter(String command, String outcome, RejectionReason reason) {
        // looked up once per kind: building and registering a meter per command costs a few per cent of a Kafka batch
        return counters.computeIfAbsent(new Kind(command, outcome, reason), kind -> Counter.builder(METER)
                .description("Commands answered by an account")
                .tag("command", command)
                .tag("outcome", outcome)
                .tag("reason", reason == null ? "none" : reason.name())
                .register(meters));
    }

    private static String outcome(CommandResult result) {
        if (result.duplicate()) {
            return "duplicate";
        }
        return result.isAccepted() ? "accepted" : "rejected";
    }
}
