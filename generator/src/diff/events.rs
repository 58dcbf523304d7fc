//! The changes of the event messages (`x-webhooks`, `x-websocket`) and of the entities their
//! events name (arms' `fetch`). Their types are compared with every other type.

use super::compare::Comparer;
use super::{Class, Target};
use crate::ir::{Api, Arm, Channel, EventMessage};

/// Messages added, removed, or whose type or channel changed.
pub(super) fn compare(comparer: &mut Comparer<'_>, old: &Api, new: &Api) {
    for event in &old.events {
        match new.events.iter().find(|other| other.id == event.id) {
            None => {
                comparer.push(
                    Class::Breaking,
                    "event-removed",
                    Target::Event,
                    &event.id,
                    format!("{} removed (`{}`)", channel(event), event.message),
                );
            }
            Some(other) => changed(comparer, event, other),
        }
    }
    for event in &new.events {
        if !old.events.iter().any(|other| other.id == event.id) {
            comparer.push(
                Class::Additive,
                "event-added",
                Target::Event,
                &event.id,
                format!("{} added (`{}`)", channel(event), event.message),
            );
        }
    }
}

fn changed(comparer: &mut Comparer<'_>, old: &EventMessage, new: &EventMessage) {
    if old.message != new.message {
        comparer.push(
            Class::Breaking,
            "event-message-changed",
            Target::Event,
            &new.id,
            format!("message type `{}` → `{}`", old.message, new.message),
        );
    }
    if old.channel != new.channel {
        comparer.push(
            Class::Additive,
            "event-channel-changed",
            Target::Event,
            &new.id,
            format!("{} → {}", channel(old), channel(new)),
        );
    }
    if old.marker != new.marker && old.channel == Channel::Webhook {
        // `Webhook::from_json` tells this webhook by another key (or no longer can).
        let class = if new.marker.is_some() {
            Class::Additive
        } else {
            Class::Breaking
        };
        comparer.push(
            class,
            "event-marker-changed",
            Target::Event,
            &new.id,
            format!(
                "told apart by `{}` → `{}`",
                old.marker.as_deref().unwrap_or("nothing"),
                new.marker.as_deref().unwrap_or("nothing")
            ),
        );
    }
}

fn channel(event: &EventMessage) -> String {
    match &event.channel {
        Channel::Webhook => "webhook".to_owned(),
        Channel::WebSocket { path } => format!("WebSocket message at `{path}`"),
    }
}

/// An arm's entity: gained (additive), lost or fetched otherwise (breaking: `entity()` and the
/// request builder change).
pub(super) fn fetch(comparer: &mut Comparer<'_>, path: &str, old: &Arm, new: &Arm) {
    let describe = |arm: &Arm| {
        arm.fetch
            .as_ref()
            .map(|fetch| format!("`{}` by its `{}`", fetch.operation, fetch.ids))
    };
    match (describe(old), describe(new)) {
        (None, Some(now)) => {
            comparer.push(
                Class::Additive,
                "event-fetch-added",
                Target::UnionArm,
                path,
                format!("the event's entity is fetched with {now}"),
            );
        }
        (Some(before), None) => {
            comparer.push(
                Class::Breaking,
                "event-fetch-removed",
                Target::UnionArm,
                path,
                format!("the event no longer names an entity to fetch (was {before})"),
            );
        }
        (Some(before), Some(now)) if before != now => {
            comparer.push(
                Class::Breaking,
                "event-fetch-changed",
                Target::UnionArm,
                path,
                format!("fetched with {before} → {now}"),
            );
        }
        _ => {}
    }
}
