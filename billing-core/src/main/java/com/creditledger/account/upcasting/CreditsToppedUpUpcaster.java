package com.creditledger.account.upcasting;

import com.creditledger.account.AccountEvent.CreditsToppedUp;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

/**
 * Reads top-ups stored before revision 1, when the amount was called {@code amount} and there
 * was no package: stored events are never rewritten, they are read in today's shape.
 * <p>
 * To evolve an event: give the record a new {@code @Revision}, write an upcaster from the old
 * revision's JSON to the new one like this one, and add it to {@link AccountUpcasters}.
 */
public class CreditsToppedUpUpcaster extends SingleEventUpcaster {

    private static final SimpleSerializedType BEFORE = new SimpleSerializedType(CreditsToppedUp.class.getName(), null);
    private static final SimpleSerializedType AFTER = new SimpleSerializedType(CreditsToppedUp.class.getName(), "1");

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return representation.getType().equals(BEFORE);
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(AFTER, JsonNode.class, payload -> {
            ObjectNode event = (ObjectNode) payload;
            event.set("credits", event.remove("amount"));
            if (!event.has("packageId")) {
                event.putNull("packageId");
            }
            return event;
        });
    }
}
