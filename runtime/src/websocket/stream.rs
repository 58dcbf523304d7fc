//! The application's end of the stream: items from the connection task, in order.

use std::collections::VecDeque;
use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use super::error::Error;
use super::item::Item;
use super::session::Batch;

/// The events Mews pushes over one WebSocket subscription, with the connection's drops and
/// recoveries: a `Stream<Item = Result<Item<E>, Error>>` that never ends by itself except after
/// an `Err` (see the [module documentation](super)).
///
/// Made by [`Builder::connect`](super::Builder::connect). Dropping it closes the connection
/// with a close frame (in the background); [`close`](Self::close) waits for that to finish.
pub struct EventStream<E> {
    receiver: mpsc::Receiver<Batch<E>>,
    pending: VecDeque<Result<Item<E>, Error>>,
    task: Option<JoinHandle<()>>,
    endpoint: String,
}

impl<E> EventStream<E> {
    pub(crate) fn new(
        receiver: mpsc::Receiver<Batch<E>>,
        task: JoinHandle<()>,
        endpoint: String,
    ) -> Self {
        EventStream {
            receiver,
            pending: VecDeque::new(),
            task: Some(task),
            endpoint,
        }
    }

    /// The WebSocket endpoint this stream reads (`wss://ws.mews.com/ws/connector`).
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// Closes the connection with a close frame and waits (at most about two seconds) for the
    /// server's answer. Items not yet read are discarded.
    pub async fn close(mut self) {
        self.receiver.close();
        self.pending.clear();
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

// Nothing is ever pinned through the stream: its items are moved out whole.
impl<E> Unpin for EventStream<E> {}

impl<E> Stream for EventStream<E> {
    type Item = Result<Item<E>, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.pending.pop_front() {
                return Poll::Ready(Some(item));
            }
            match this.receiver.poll_recv(cx) {
                Poll::Ready(Some(batch)) => this.pending.extend(batch),
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}

impl<E> fmt::Debug for EventStream<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventStream")
            .field("endpoint", &self.endpoint)
            .field("pending", &self.pending.len())
            .finish()
    }
}
