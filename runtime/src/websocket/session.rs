//! The task behind a stream: reads the connection, keeps it alive, reconnects after a drop,
//! and hands items to the stream through a bounded channel (so a slow application slows the
//! reading instead of losing or piling up events).

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use futures_util::{SinkExt, StreamExt};
use serde::de::DeserializeOwned;
use tokio::sync::mpsc;
use tokio::time::{Instant, MissedTickBehavior};
use tokio_tungstenite::tungstenite::Message;

use super::backoff::ReconnectPolicy;
use super::decode;
use super::error::{ConnectError, Error, GaveUp};
use super::handshake::{Endpoint, Failure, Socket};
use super::item::{Disconnected, DropReason, Item, Reconnected};
use super::observe::{self, Span};

/// What one frame (or one event of the connection) turns into.
pub(crate) type Batch<E> = Vec<Result<Item<E>, Error>>;

/// How long closing waits for the server's close frame.
const CLOSE_TIMEOUT: Duration = Duration::from_secs(2);

/// Keepalive and reconnect settings.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Settings {
    pub(crate) ping_interval: Duration,
    pub(crate) pong_timeout: Duration,
    pub(crate) reconnect: ReconnectPolicy,
}

pub(crate) struct Session<E> {
    pub(crate) endpoint: Arc<Endpoint>,
    pub(crate) settings: Settings,
    pub(crate) sender: mpsc::Sender<Batch<E>>,
    pub(crate) span: Span,
}

/// How a connection's read loop ended.
enum End {
    /// The stream was dropped or closed: close the connection and stop.
    Closed,
    Dropped(Disconnected),
}

impl<E: DeserializeOwned + Send + 'static> Session<E> {
    /// Runs until the application drops the stream or a final error ends it.
    pub(crate) async fn run(self, mut socket: Socket) {
        // Consecutive failures (attempts that failed, connections that did not last).
        let mut streak = 0u32;
        loop {
            let connected_at = Instant::now();
            let drop = match self.pump(&mut socket).await {
                End::Closed => {
                    close(socket).await;
                    observe::closed();
                    return;
                }
                End::Dropped(drop) => drop,
            };
            // Whatever state the old connection is in, it is done; it holds no data to keep.
            std::mem::drop(socket);
            let lasted = connected_at.elapsed();
            observe::dropped(&drop.reason, lasted);
            if lasted >= self.settings.reconnect.max_delay() {
                streak = 0;
            }
            if !self.emit(vec![Ok(Item::Disconnected(drop.clone()))]).await {
                return;
            }
            socket = match self.reconnect(&mut streak).await {
                Some(Ok((socket, attempts))) => {
                    let reconnected = Reconnected {
                        dropped_at: drop.at,
                        last_frame_at: drop.last_frame_at,
                        reconnected_at: SystemTime::now(),
                        attempts,
                        reason: drop.reason,
                    };
                    if !self.emit(vec![Ok(Item::Reconnected(reconnected))]).await {
                        close(socket).await;
                        return;
                    }
                    socket
                }
                Some(Err(error)) => {
                    observe::ended(&error);
                    let _ = self.sender.send(vec![Err(error)]).await;
                    return;
                }
                None => return,
            };
        }
    }

    /// Reads one connection until it drops or the stream goes away.
    async fn pump(&self, socket: &mut Socket) -> End {
        let Settings {
            ping_interval,
            pong_timeout,
            ..
        } = self.settings;
        let mut ping = tokio::time::interval_at(Instant::now() + ping_interval, ping_interval);
        ping.set_missed_tick_behavior(MissedTickBehavior::Delay);
        // Set while a ping waits for any frame to prove the peer alive.
        let mut deadline: Option<Instant> = None;
        let mut last_frame_at = SystemTime::now();
        let dropped = |reason, last_frame_at| {
            End::Dropped(Disconnected {
                at: SystemTime::now(),
                last_frame_at,
                reason,
            })
        };
        loop {
            let expired = async move {
                match deadline {
                    Some(at) => tokio::time::sleep_until(at).await,
                    None => std::future::pending().await,
                }
            };
            // Biased: frames already received are read before a deadline can call the peer
            // unresponsive (they prove it alive even if the application was slow).
            tokio::select! {
                biased;
                () = self.sender.closed() => return End::Closed,
                frame = socket.next() => {
                    let frame = match frame {
                        None => return dropped(DropReason::Ended, last_frame_at),
                        Some(Err(error)) => {
                            let message = self.endpoint.redactor.redact(&error.to_string()).into_owned();
                            return dropped(DropReason::Failed { message }, last_frame_at);
                        }
                        Some(Ok(frame)) => frame,
                    };
                    last_frame_at = SystemTime::now();
                    deadline = None;
                    let items = match frame {
                        Message::Text(text) => self.decode(text.as_bytes()),
                        Message::Binary(bytes) => self.decode(&bytes),
                        // tungstenite answers pings itself; a pong only proves liveness.
                        Message::Ping(_) | Message::Pong(_) | Message::Frame(_) => continue,
                        Message::Close(frame) => {
                            let (code, reason) = frame.map_or((1005, String::new()), |f| {
                                (u16::from(f.code), f.reason.as_str().to_owned())
                            });
                            // Sends the close reply tungstenite queued.
                            let _ = tokio::time::timeout(CLOSE_TIMEOUT, socket.close(None)).await;
                            return dropped(DropReason::ClosedByServer { code, reason }, last_frame_at);
                        }
                    };
                    if !items.is_empty() && !self.emit(items).await {
                        return End::Closed;
                    }
                }
                _ = ping.tick() => {
                    if deadline.is_none() {
                        let sent = tokio::time::timeout(pong_timeout, socket.send(Message::Ping(Default::default()))).await;
                        match sent {
                            Ok(Ok(())) => deadline = Some(Instant::now() + pong_timeout),
                            Ok(Err(error)) => {
                                let message = self.endpoint.redactor.redact(&error.to_string()).into_owned();
                                return dropped(DropReason::Failed { message }, last_frame_at);
                            }
                            Err(_) => return dropped(DropReason::Unresponsive { waited: pong_timeout }, last_frame_at),
                        }
                    }
                }
                () = expired => return dropped(DropReason::Unresponsive { waited: pong_timeout }, last_frame_at),
            }
        }
    }

    fn decode(&self, frame: &[u8]) -> Batch<E> {
        decode::items(frame, &self.endpoint.redactor)
            .into_iter()
            .map(|item| {
                if let Item::Malformed(bad) = &item {
                    observe::malformed(&bad.path, &bad.message);
                }
                Ok(item)
            })
            .collect()
    }

    /// Reconnect attempts after a drop: the new socket and how many attempts it took, the
    /// final error, or `None` when the stream went away meanwhile.
    async fn reconnect(&self, streak: &mut u32) -> Option<Result<(Socket, u32), Error>> {
        let policy = self.settings.reconnect;
        let mut attempts = 0u32;
        let mut last: Option<ConnectError> = None;
        loop {
            if let (Some(max), Some(last)) = (policy.max_attempts(), &last) {
                if attempts >= max {
                    return Some(Err(Error::GaveUp(GaveUp {
                        attempts,
                        last: last.clone(),
                    })));
                }
            }
            *streak = streak.saturating_add(1);
            attempts += 1;
            let asked = last.as_ref().and_then(|e| e.retry_after);
            let delay = policy.delay(*streak).max(asked.unwrap_or_default());
            observe::reconnecting(attempts, delay);
            tokio::select! {
                biased;
                () = self.sender.closed() => return None,
                () = tokio::time::sleep(delay) => {}
            }
            let span = self.span.connect(attempts);
            let started = Instant::now();
            let result = tokio::select! {
                biased;
                () = self.sender.closed() => return None,
                result = span.run(self.endpoint.connect()) => result,
            };
            match result {
                Ok(socket) => {
                    span.finish(Some(101), started.elapsed());
                    observe::connected(attempts);
                    return Some(Ok((socket, attempts)));
                }
                Err(Failure::Final(error)) => {
                    span.finish(error.status(), started.elapsed());
                    return Some(Err(error));
                }
                Err(Failure::Passing(error)) => {
                    span.finish(error.status, started.elapsed());
                    observe::attempt_failed(attempts, &error);
                    last = Some(error);
                }
            }
        }
    }

    /// Hands items to the stream, waiting for room; `false` when the stream is gone.
    async fn emit(&self, batch: Batch<E>) -> bool {
        self.sender.send(batch).await.is_ok()
    }
}

/// Sends a close frame and waits (briefly) for the server's.
async fn close(mut socket: Socket) {
    let _ = tokio::time::timeout(CLOSE_TIMEOUT, async {
        if socket.close(None).await.is_ok() {
            while let Some(Ok(_)) = socket.next().await {}
        }
    })
    .await;
}
