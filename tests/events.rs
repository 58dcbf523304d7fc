//! The committed bindings' events (imported from the 2026-08-07 docs' events pages): both
//! webhooks and the WebSocket message decode into the generated types, an event these bindings
//! do not know is kept and re-encoded byte for byte, a message's entities are fetched once, and
//! `client.websocket()` streams the generated `WebSocketEvent` from a real server on loopback.

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use mews_connector::events::{
    EventEntity, GeneralWebhookEvent, GeneralWebhookMessage, IntegrationWebhookMessage,
    WebSocketEvent, WebSocketMessage, Webhook,
};
use mews_connector::runtime::websocket::Item;
use mews_connector::{Client, CustomerExtent, Environment, Limitation};
use tokio_tungstenite::tungstenite::handshake::server::{Request, Response};
use tokio_tungstenite::tungstenite::Message;

const CUSTOMER: &str = "35d4b117-4e60-44a3-9580-c582117eff98";

fn customer_id() -> uuid::Uuid {
    CUSTOMER.parse().expect("a UUID")
}

/// A General Webhook delivery: a customer added then updated, a payment, and an event type
/// Mews may add later (with a payload of its own shape).
fn general_body() -> String {
    format!(
        r#"{{"EnterpriseId":"851df8c8-90f2-4c4a-8e01-a4fc46b25178","IntegrationId":"c8bee838-7fb1-4f4e-8fac-ac87008b2f90","Events":[{{"Discriminator":"CustomerAdded","Value":{{"Id":"{CUSTOMER}"}}}},{{"Discriminator":"GalaxyCollided","Value":{{"Stars":[1,2.50,"x"],"Id":null}}}},{{"Discriminator":"CustomerUpdated","Value":{{"Id":"{CUSTOMER}"}}}},{{"Discriminator":"PaymentUpdated","Value":{{"Id":"0a4a8c2e-5d46-4a9e-9c1b-8f2b8e1e9a10"}}}}]}}"#
    )
}

#[test]
fn a_general_webhook_keeps_an_unknown_event_and_fetches_each_entity_once() {
    let body = general_body();
    let message = GeneralWebhookMessage::from_json(body.as_bytes()).expect("decodes");
    assert_eq!(message.events.len(), 4);
    assert!(matches!(
        message.events[0],
        GeneralWebhookEvent::CustomerAdded(_)
    ));
    let GeneralWebhookEvent::Unknown(unknown) = &message.events[1] else {
        panic!("expected the unknown event, got {:?}", message.events[1]);
    };
    assert_eq!(unknown.discriminator(), "GalaxyCollided");
    assert_eq!(message.events[1].entity(), None);
    // Byte for byte, the unknown event's `2.50` and key order included.
    assert_eq!(serde_json::to_string(&message).expect("encodes"), body);

    let entities = message.entities();
    assert_eq!(entities.len(), 2, "{entities:?}");
    assert_eq!(entities.customer_ids, [customer_id()]);
    let extent = CustomerExtent {
        customers: Some(true),
        ..CustomerExtent::default()
    };
    let request = entities
        .customers_get_all(extent, Limitation::new(100))
        .expect("a customer to fetch");
    assert_eq!(request.customer_ids, Some(vec![customer_id()]));
    assert!(entities
        .reservations_get_all_2023_06_06(Limitation::new(10))
        .is_none());
    let first = entities.iter().next().expect("an entity");
    assert_eq!(first, EventEntity::Customer(customer_id()));
    assert_eq!(first.operation_id(), "customers_getAll");
}

#[test]
fn webhook_tells_the_two_webhooks_apart_and_keeps_an_unknown_action() {
    let general = general_body();
    assert!(matches!(
        Webhook::from_json(general.as_bytes()),
        Ok(Webhook::GeneralWebhook(_))
    ));
    let deleted = r#"{"Action":"IntegrationDeleted","Data":{"DeletedUtc":"2026-08-07T10:00:00Z","Integration":{"Id":"0f2e4b8a-1c3d-4e5f-8a9b-0c1d2e3f4a5b","Name":"Sync"}}}"#;
    match Webhook::from_json(deleted.as_bytes()) {
        Ok(Webhook::IntegrationWebhook(IntegrationWebhookMessage::IntegrationDeleted(data))) => {
            assert_eq!(data.integration.name, "Sync")
        }
        other => panic!("expected IntegrationDeleted, got {other:?}"),
    }
    let unknown = r#"{"Action":"IntegrationRenamed","Data":{"Name":"New","Since":[1.0,null]}}"#;
    let message = IntegrationWebhookMessage::from_json(unknown.as_bytes()).expect("decodes");
    assert_eq!(message.discriminator(), "IntegrationRenamed");
    assert!(matches!(message, IntegrationWebhookMessage::Unknown(_)));
    assert_eq!(serde_json::to_string(&message).expect("encodes"), unknown);

    let error = Webhook::from_json(br#"{"Colour":"red"}"#).expect_err("neither webhook");
    assert!(error.to_string().contains("EnterpriseId"), "{error}");
    let bad = general.replace(&format!(r#""Id":"{CUSTOMER}""#), r#""Id":"not-a-uuid""#);
    let error = GeneralWebhookMessage::from_json(bad.as_bytes()).expect_err("a bad id");
    assert_eq!(error.path, "Events[0].Value.Id", "{error}");
}

/// A WebSocket message: a resource, and an event type these bindings do not know.
const SOCKET_MESSAGE: &str = r#"{"Events":[{"Type":"Resource","Id":"5ee074b1-6c86-48e8-915f-c7aa4702086f","State":"Dirty"},{"Type":"Comet","Id":"00000000-0000-0000-0000-000000000001","Tail":[3,4.0]}]}"#;

#[test]
fn a_websocket_message_keeps_an_unknown_type_byte_for_byte() {
    let message = WebSocketMessage::from_json(SOCKET_MESSAGE.as_bytes()).expect("decodes");
    let WebSocketEvent::Resource(resource) = &message.events[0] else {
        panic!("expected a resource, got {:?}", message.events[0]);
    };
    assert_eq!(resource.state.as_str(), "Dirty");
    assert_eq!(message.events[1].discriminator(), "Comet");
    assert!(matches!(message.events[1], WebSocketEvent::Unknown(_)));
    assert_eq!(
        serde_json::to_string(&message).expect("encodes"),
        SOCKET_MESSAGE
    );
    assert_eq!(message.entities().resource_ids.len(), 1);
}

/// `client.websocket()` against a real server on loopback: the documented cookie, then the
/// message's events as the generated `WebSocketEvent`, the unknown one kept.
// The handshake callback's error type is tungstenite's own response.
#[allow(clippy::result_large_err)]
#[tokio::test]
async fn client_websocket_streams_the_generated_events() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let host = listener.local_addr().expect("address");
    let server = tokio::spawn(async move {
        let (tcp, _) = listener.accept().await.expect("accept");
        let mut cookie = None;
        let callback = |request: &Request, response: Response| {
            cookie = request
                .headers()
                .get("cookie")
                .map(|value| value.to_str().unwrap_or_default().to_owned());
            Ok(response)
        };
        let mut socket = tokio_tungstenite::accept_hdr_async(tcp, callback)
            .await
            .expect("handshake");
        socket
            .send(Message::text(SOCKET_MESSAGE))
            .await
            .expect("send");
        // Keep the connection open until the client has read the message.
        tokio::time::sleep(Duration::from_secs(2)).await;
        cookie
    });
    let client = Client::builder()
        .environment(Environment::custom(format!("http://{host}")))
        .client_token("client-token-1")
        .access_token("access-token-2")
        .client("mews-connector events test")
        .build()
        .expect("client");
    let mut stream = client.websocket().connect().await.expect("connects");
    let mut events = Vec::new();
    while events.len() < 2 {
        let item = tokio::time::timeout(Duration::from_secs(10), stream.next())
            .await
            .expect("an item within 10 s")
            .expect("the stream goes on");
        match item.expect("no error") {
            Item::Event(event) => events.push(event),
            other => panic!("expected events, got {other:?}"),
        }
    }
    assert!(matches!(events[0], WebSocketEvent::Resource(_)));
    let WebSocketEvent::Unknown(comet) = &events[1] else {
        panic!("expected the unknown event, got {:?}", events[1]);
    };
    assert_eq!(
        serde_json::to_string(comet).expect("encodes"),
        r#"{"Type":"Comet","Id":"00000000-0000-0000-0000-000000000001","Tail":[3,4.0]}"#
    );
    stream.close().await;
    let cookie = server.await.expect("server");
    assert_eq!(
        cookie.as_deref(),
        Some("ClientToken=client-token-1; AccessToken=access-token-2")
    );
}
