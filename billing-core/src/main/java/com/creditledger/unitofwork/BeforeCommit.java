package com.creditledger.unitofwork;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Work held back until a unit of work (a command, a whole Kafka batch, a processor's batch of
 * events) is about to commit, then done in one go, in the same transaction: the request
 * history's records and the hash chain's links on the write side, the projections' folded rows
 * on the read side. It knows nothing of either, so both use it without borrowing from each other.
 */
public final class BeforeCommit {

    private BeforeCommit() {
    }

    /**
     * The unit of work's {@code name} resource, made by {@code create} on first use and given to
     * {@code flush} just before the unit of work commits its transaction. Only within a unit of work.
     */
    public static <T> T resource(String name, Supplier<T> create, Consumer<T> flush) {
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        return root.getOrComputeResource(name, key -> {
            T resource = create.get();
            root.onPrepareCommit(unitOfWork -> flush.accept(resource));
            return resource;
        });
    }
}
