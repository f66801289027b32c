package com.creditledger.account;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;

/**
 * Every account command names its account in {@link AccountCommand#accountId()}; reading it
 * directly spares the reflective scan Axon's annotation resolver does on every command.
 */
public class AccountTargetResolver implements CommandTargetResolver {

    @Override
    public VersionedAggregateIdentifier resolveTarget(CommandMessage<?> command) {
        if (command.getPayload() instanceof AccountCommand accountCommand) {
            return new VersionedAggregateIdentifier(accountCommand.accountId(), null);
        }
        throw new IllegalArgumentException("not an account command: " + command.getPayloadType().getName());
    }
}
