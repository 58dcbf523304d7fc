//! Cursor pagination as streams of pages and of items.
//!
//! When the data ends, following the Mews pagination guideline: a page with fewer items than
//! `Limitation.Count` asked for (an empty page, whose cursor is null, included) is the last
//! one; so is a `204 No Content` when the client asked for minimal responses. A full page
//! always carries the cursor of its last item, so a full page without a cursor, a cursor equal
//! to the one sent, or a body-less success nobody asked for cannot be told apart from lost
//! data: the stream yields the page's items and then [`Error::Page`] naming the page.

use std::collections::HashMap;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;
use futures_util::stream::{self, StreamExt, TryStreamExt};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::value::RawValue;

use crate::client::{Answer, Client, Operation};
use crate::error::{DecodeError, Error, ItemError, PageError, PageProblem, Redactor};
use crate::transport::{self, decode_json, JsonPathError};

/// A request of a paginated operation (it has a `Limitation`).
pub trait PagedRequest: Serialize + Clone + Send + Sync + 'static {
    /// `Limitation.Count`: how many items a full page holds.
    fn page_size(&self) -> usize;
    /// Sets `Limitation.Cursor` for the next page.
    fn set_cursor(&mut self, cursor: Option<String>);
}

/// A response of a paginated operation.
pub trait Page: DeserializeOwned + Send + 'static {
    /// The element of the page's item array (e.g. `OrderItem`).
    type Item: DeserializeOwned + Send + 'static;
    /// The JSON name of the item array (e.g. `OrderItems`), for lenient decoding.
    const ITEMS_FIELD: &'static str;
    /// The JSON name of the response cursor (`Cursor`), for lenient decoding.
    const CURSOR_FIELD: &'static str;
    /// The response `Cursor`: the id of the last item, `None` when the page is empty.
    fn cursor(&self) -> Option<String>;
    /// Number of items in this page.
    fn len(&self) -> usize;
    /// Whether the page has no items.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// The page's items, in server order.
    fn into_items(self) -> Vec<Self::Item>;
}

/// A stream of pages or items of a paginated call. `Unpin`, so `try_next` works on it directly;
/// `Send + 'static`, so it can be spawned or kept in a struct.
#[must_use = "streams do nothing unless polled"]
pub struct Paged<T> {
    inner: Pin<Box<dyn Stream<Item = Result<T, Error>> + Send>>,
}

impl<T> Paged<T> {
    fn new(stream: impl Stream<Item = Result<T, Error>> + Send + 'static) -> Self {
        Paged {
            inner: Box::pin(stream),
        }
    }
}

impl<T> Stream for Paged<T> {
    type Item = Result<T, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl<T> std::fmt::Debug for Paged<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Paged").finish_non_exhaustive()
    }
}

/// Where a paginated call stands between two requests.
struct Cursoring<Req> {
    client: Client,
    op: &'static Operation,
    request: Req,
    /// The cursor this stream last sent, to detect a server that repeats it.
    sent_cursor: Option<String>,
    /// The number of the next page, from 1.
    page: usize,
}

/// What a page stream does next.
enum Next<Req> {
    Fetch(Cursoring<Req>),
    Fail(Error),
    Done,
}

impl<Req: PagedRequest> Cursoring<Req> {
    /// Requests the next page: `None` for a minimal response the client asked for (no data).
    async fn fetch(&mut self) -> Result<Option<Answer>, Error> {
        let answer = self.client.send(self.op, &self.request).await?;
        if !answer.response.has_no_content() {
            return Ok(Some(answer));
        }
        if self.client.prefers_minimal() {
            return Ok(None);
        }
        Err(self.problem(PageProblem::NoBody {
            status: answer.response.status,
        }))
    }

    /// What follows a page of `len` items whose response cursor is `cursor`.
    fn advance(mut self, len: usize, cursor: Option<String>) -> Next<Req> {
        if len < self.request.page_size().max(1) {
            return Next::Done;
        }
        match cursor {
            None => Next::Fail(self.problem(PageProblem::MissingCursor { items: len })),
            Some(cursor) if self.sent_cursor.as_deref() == Some(cursor.as_str()) => {
                Next::Fail(self.problem(PageProblem::RepeatedCursor { cursor }))
            }
            Some(cursor) => {
                self.request.set_cursor(Some(cursor.clone()));
                self.sent_cursor = Some(cursor);
                self.page += 1;
                Next::Fetch(self)
            }
        }
    }

    fn problem(&self, problem: PageProblem) -> Error {
        PageError {
            operation: self.op.id,
            page: self.page,
            problem,
        }
        .into()
    }
}

impl Client {
    /// Streams the pages of `op`, following the cursor until the end of the data (see the
    /// module documentation). The first error ends the stream.
    ///
    /// The stream owns a clone of the client and one request, and holds at most one page.
    pub fn pages<Req: PagedRequest, P: Page>(
        &self,
        op: &'static Operation,
        request: Req,
    ) -> Paged<P> {
        let start = self.cursoring(op, request);
        Paged::new(stream::unfold(start, move |next| async move {
            let mut state = match next {
                Next::Fetch(state) => state,
                Next::Fail(error) => return Some((Err(error), Next::Done)),
                Next::Done => return None,
            };
            let answer = match state.fetch().await {
                Ok(Some(answer)) => answer,
                Ok(None) => return None,
                Err(error) => return Some((Err(error), Next::Done)),
            };
            let redactor = state.client.redactor();
            match transport::decode_body::<P>(op, &answer.response, redactor) {
                Ok(page) => {
                    let next = state.advance(page.len(), page.cursor());
                    Some((Ok(page), next))
                }
                Err(error) => Some((Err(error.with_attempts(answer.attempts)), Next::Done)),
            }
        }))
    }

    /// Streams the items of every page of `op` (see [`pages`](Self::pages)), in order,
    /// holding one page in memory at a time. With
    /// [`CallOptions::lenient`](crate::CallOptions::lenient) each item is decoded on its own
    /// and one that fails yields [`Error::Item`] without ending the stream.
    pub fn items<Req: PagedRequest, P: Page>(
        &self,
        op: &'static Operation,
        request: Req,
    ) -> Paged<P::Item> {
        if self.settings.lenient {
            return self.lenient_items::<Req, P>(op, request);
        }
        Paged::new(
            self.pages::<Req, P>(op, request)
                .map_ok(|page| stream::iter(page.into_items().into_iter().map(Ok::<_, Error>)))
                .try_flatten(),
        )
    }

    fn lenient_items<Req: PagedRequest, P: Page>(
        &self,
        op: &'static Operation,
        request: Req,
    ) -> Paged<P::Item> {
        let start = self.cursoring(op, request);
        let pages = stream::unfold(start, move |next| async move {
            let mut state = match next {
                Next::Fetch(state) => state,
                Next::Fail(error) => return Some((vec![Err(error)], Next::Done)),
                Next::Done => return None,
            };
            let answer = match state.fetch().await {
                Ok(Some(answer)) => answer,
                Ok(None) => return None,
                Err(error) => return Some((vec![Err(error)], Next::Done)),
            };
            let redactor = state.client.redactor();
            match split_page::<P>(op, &answer, redactor) {
                Ok((raw_items, cursor)) => {
                    let page = state.page;
                    let items = raw_items
                        .iter()
                        .enumerate()
                        .map(|(index, raw)| {
                            decode_json::<P::Item>(raw.get().as_bytes()).map_err(
                                |JsonPathError { path, error }| {
                                    ItemError {
                                        operation: op.id,
                                        page,
                                        index,
                                        path,
                                        message: redactor.redact(&error.to_string()).into_owned(),
                                        raw: redactor.redact(raw.get()).into_owned(),
                                    }
                                    .into()
                                },
                            )
                        })
                        .collect();
                    Some((items, state.advance(raw_items.len(), cursor)))
                }
                Err(error) => Some((vec![Err(error)], Next::Done)),
            }
        });
        Paged::new(pages.flat_map(stream::iter))
    }

    fn cursoring<Req: PagedRequest>(&self, op: &'static Operation, request: Req) -> Next<Req> {
        Next::Fetch(Cursoring {
            client: self.clone(),
            op,
            request,
            sent_cursor: None,
            page: 1,
        })
    }
}

/// A page's raw items and its cursor, without decoding the items.
fn split_page<P: Page>(
    op: &'static Operation,
    answer: &Answer,
    redactor: &Redactor,
) -> Result<(Vec<Box<RawValue>>, Option<String>), Error> {
    let response = &answer.response;
    let decode_error = |path: &str, message: String| {
        Error::from(DecodeError {
            operation: op.id,
            status: response.status,
            path: path.to_owned(),
            message: redactor.redact(&message).into_owned(),
            excerpt: String::new(),
            attempts: answer.attempts,
        })
    };
    let mut fields: HashMap<String, Box<RawValue>> = serde_json::from_slice(&response.body)
        .map_err(|e| decode_error(".", format!("the page is not a JSON object: {e}")))?;
    let items = fields
        .remove(P::ITEMS_FIELD)
        .ok_or_else(|| decode_error(P::ITEMS_FIELD, "missing field".to_owned()))?;
    let items: Vec<Box<RawValue>> = serde_json::from_str(items.get())
        .map_err(|e| decode_error(P::ITEMS_FIELD, e.to_string()))?;
    let cursor = match fields.remove(P::CURSOR_FIELD) {
        None => None,
        Some(cursor) => serde_json::from_str::<Option<String>>(cursor.get())
            .map_err(|e| decode_error(P::CURSOR_FIELD, e.to_string()))?,
    };
    Ok((items, cursor))
}
