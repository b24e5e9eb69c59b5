package io.waiaas.application.testkit;

import io.waiaas.application.port.out.Webhook;
import io.waiaas.domain.Notification;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

class FakeWebhookTest implements WebhookContract {
    private FakeWebhook webhook;

    private Webhook with(FakeWebhook.Behaviour behaviour) {
        webhook = new FakeWebhook(Optional.of(TOKEN)).always(behaviour);
        return webhook;
    }

    @Override
    public Webhook toReceiverAnswering(int status) {
        return with(new FakeWebhook.Behaviour.Answer(status));
    }

    @Override
    public Webhook toADownReceiver() {
        return with(new FakeWebhook.Behaviour.Down());
    }

    @Override
    public Webhook toASlowReceiver(Duration delay) {
        return with(new FakeWebhook.Behaviour.Slow(delay));
    }

    @Override
    public List<String> receivedIds() {
        return webhook.received().stream().map(Notification::id).toList();
    }

    @Override
    public List<Optional<String>> receivedAuthorizations() {
        return webhook.authorizations();
    }
}
