//! Cursor pagination as streams of pages and of items.
//!
//! When the data ends, following the Mews pagination guideline: a page with fewer items than
//! `Limitation.Count` asked for (an empty page, whose cursor is null, included) is the last
//! one; so is a `204 No Content` when the client asked for minimal responses. A full page
//! always carries the cursor of its last item, so a full page without a cursor, a cursor equal
//! to the one sent, or a body-less success nobody asked for cannot be told apart from lost
//! data: the stream yields the page's items and then [`Error::Page`] naming the page. (With a
//! `Count` of 0, which the spec's limits refuse before sending, an empty page is not short:
//! without a cursor it is that error, never a silent end.)
//!
//! Before the first request, a stream splits filters longer than the API takes (see
//! [`split`](crate::split)) and checks every request it will send against the spec's limits
//! ([`CheckLimits`]); a broken limit is the stream's only item, [`Error::Limit`].

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
use crate::limits::{CheckLimits, JsonPath, LimitError};
use crate::split::{ItemKey, Part, Plan, Seen, SplitFilter};
use crate::transport::{self, decode_json, JsonPathError};

/// A request of a paginated operation (it has a `Limitation`).
pub trait PagedRequest: Serialize + CheckLimits + Clone + Send + Sync + 'static {
    /// `Limitation.Count`: how many items a full page holds.
    fn page_size(&self) -> usize;
    /// Sets `Limitation.Cursor` for the next page.
    fn set_cursor(&mut self, cursor: Option<String>);
    /// The filters a stream may split when they are longer than the API takes (id lists with
    /// `maxItems`, intervals with `x-max-interval`), as they stand in this request.
    fn split_filters(&self) -> Vec<SplitFilter> {
        Vec::new()
    }
    /// Narrows filter `filter` (an index into [`split_filters`](Self::split_filters)) to `part`.
    fn narrow(&mut self, filter: usize, part: &Part) {
        let _ = (filter, part);
    }
}

/// A response of a paginated operation.
pub trait Page: DeserializeOwned + Send + 'static {
    /// The element of the page's item array (e.g. `OrderItem`).
    type Item: DeserializeOwned + Serialize + Send + 'static;
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
    /// The identity of an item (its `Id`), so that a split stream yields it once.
    fn item_key(item: &Self::Item) -> ItemKey;
    /// Keeps only the items for which `keep` is true, in order.
    fn retain_items<F: FnMut(&Self::Item) -> bool>(&mut self, keep: F);
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

/// The requests a stream sends, one per combination of the split filters' parts, each checked
/// against the spec's limits.
struct Parts<Req> {
    plan: Plan,
    /// The request the parts are narrowed from, when it is split; else the request itself,
    /// sent as it is (taken by the first and only `next`).
    request: Option<Req>,
}

impl<Req: PagedRequest> Parts<Req> {
    fn new(request: Req, split: bool) -> Self {
        let plan = Plan::new(&if split {
            request.split_filters()
        } else {
            Vec::new()
        });
        Parts {
            plan,
            request: Some(request),
        }
    }

    fn splits(&self) -> bool {
        self.plan.splits()
    }

    /// The next request and its group (see [`Plan`]), or the limit it breaks.
    fn next(&mut self, op: &'static Operation) -> Option<Result<(Req, usize), Error>> {
        let (request, group) = if self.plan.splits() {
            let (parts, group) = self.plan.next_parts()?;
            let mut request = self.request.clone()?;
            for (filter, part) in parts {
                request.narrow(filter, part);
            }
            (request, group)
        } else {
            (self.request.take()?, 0)
        };
        Some(match request.check_limits(&JsonPath::ROOT) {
            Ok(()) => Ok((request, group)),
            Err(violation) => Err(LimitError::new(op.id, violation).into()),
        })
    }
}

/// Where a chain of per-request streams stands.
struct Chain<Req, T> {
    client: Client,
    parts: Parts<Req>,
    current: Option<Paged<T>>,
    /// What was yielded, when the request is split.
    seen: Option<Seen>,
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
        // No `max(1)`: with a `Count` of 0, an empty page is not short, and without a cursor it
        // is an error rather than an end that would hide the data.
        if len < self.request.page_size() {
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
    /// A filter longer than the API takes is split into several requests (see
    /// [`split`](crate::split)), unless [`CallOptions::split_filters`](crate::CallOptions::split_filters)
    /// is off; each page then holds only items not yielded before. Every request is checked
    /// against the spec's limits before it is sent: a broken one is [`Error::Limit`].
    ///
    /// The stream owns a clone of the client and the request, and holds at most one page (and,
    /// when it splits, the identities of the items of the current and the previous window).
    pub fn pages<Req: PagedRequest, P: Page>(
        &self,
        op: &'static Operation,
        request: Req,
    ) -> Paged<P> {
        self.chain(
            op,
            request,
            Client::part_pages::<Req, P>,
            |seen, mut page: P| {
                page.retain_items(|item| seen.first_time(P::item_key(item), item));
                Some(page)
            },
        )
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
        let part = if self.settings.lenient {
            Client::part_lenient_items::<Req, P>
        } else {
            Client::part_strict_items::<Req, P>
        };
        self.chain(op, request, part, |seen, item: P::Item| {
            seen.first_time(P::item_key(&item), &item).then_some(item)
        })
    }

    /// The items of one request, decoded a page at a time.
    fn part_strict_items<Req: PagedRequest, P: Page>(
        &self,
        op: &'static Operation,
        request: Req,
    ) -> Paged<P::Item> {
        Paged::new(
            self.part_pages::<Req, P>(op, request)
                .map_ok(|page| stream::iter(page.into_items().into_iter().map(Ok::<_, Error>)))
                .try_flatten(),
        )
    }

    /// The streams of every request of a split `request`, one after the other: `part` makes the
    /// stream of one request, `dedupe` drops what was already yielded (split streams only).
    /// The first error other than a lenient [`Error::Item`] ends it.
    fn chain<Req: PagedRequest, T: Send + 'static>(
        &self,
        op: &'static Operation,
        request: Req,
        part: fn(&Client, &'static Operation, Req) -> Paged<T>,
        dedupe: fn(&mut Seen, T) -> Option<T>,
    ) -> Paged<T> {
        let parts = Parts::new(request, self.settings.split_filters);
        let seen = parts.splits().then(Seen::default);
        let state = Chain {
            client: self.clone(),
            parts,
            current: None,
            seen,
        };
        Paged::new(stream::unfold(Some(state), move |state| async move {
            let mut state = state?;
            loop {
                if let Some(current) = &mut state.current {
                    match current.next().await {
                        Some(Ok(value)) => {
                            let kept = match &mut state.seen {
                                Some(seen) => dedupe(seen, value),
                                None => Some(value),
                            };
                            if let Some(value) = kept {
                                return Some((Ok(value), Some(state)));
                            }
                            continue;
                        }
                        Some(Err(error @ Error::Item(_))) => {
                            return Some((Err(error), Some(state)))
                        }
                        Some(Err(error)) => return Some((Err(error), None)),
                        None => state.current = None,
                    }
                }
                match state.parts.next(op)? {
                    Ok((request, group)) => {
                        if let Some(seen) = &mut state.seen {
                            seen.enter(group);
                        }
                        state.current = Some(part(&state.client, op, request));
                    }
                    Err(error) => return Some((Err(error), None)),
                }
            }
        }))
    }

    /// The pages of one request (no splitting, limits already checked).
    fn part_pages<Req: PagedRequest, P: Page>(
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

    /// The items of one request, each decoded on its own.
    fn part_lenient_items<Req: PagedRequest, P: Page>(
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
