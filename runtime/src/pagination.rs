//! Cursor pagination as streams of pages and of items.

use futures_core::Stream;
use futures_util::stream::{self, TryStreamExt};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::client::{Client, Operation};
use crate::error::Error;

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
    type Item: Send + 'static;
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

/// Where a page stream stands between two requests.
struct Cursoring<Req> {
    client: Client,
    request: Req,
    /// The cursor this stream last sent, to stop if the server repeats it.
    sent_cursor: Option<String>,
}

impl Client {
    /// Streams the pages of `op`, following `Cursor` until the response cursor is `None`, a
    /// page has fewer items than [`PagedRequest::page_size`], or the server returns the cursor
    /// it was sent. A `204 No Content` ends the stream without a page. The first error ends it.
    ///
    /// The stream owns a clone of the client and one request, and holds at most one page.
    pub fn pages<Req: PagedRequest, P: Page>(
        &self,
        op: &'static Operation,
        request: Req,
    ) -> impl Stream<Item = Result<P, Error>> + Send + 'static {
        let start = Cursoring {
            client: self.clone(),
            request,
            sent_cursor: None,
        };
        stream::try_unfold(Some(start), move |state| async move {
            let Some(mut state) = state else {
                return Ok(None);
            };
            let Some(page) = state
                .client
                .call_optional::<Req, P>(op, &state.request)
                .await?
            else {
                return Ok(None);
            };
            let next = match page.cursor() {
                Some(cursor)
                    if !page.is_empty()
                        && page.len() >= state.request.page_size()
                        && state.sent_cursor.as_deref() != Some(cursor.as_str()) =>
                {
                    state.request.set_cursor(Some(cursor.clone()));
                    state.sent_cursor = Some(cursor);
                    Some(state)
                }
                _ => None,
            };
            Ok(Some((page, next)))
        })
    }

    /// Streams the items of every page of `op` (see [`pages`](Self::pages)), in order,
    /// holding one page in memory at a time.
    pub fn items<Req: PagedRequest, P: Page>(
        &self,
        op: &'static Operation,
        request: Req,
    ) -> impl Stream<Item = Result<P::Item, Error>> + Send + 'static {
        self.pages::<Req, P>(op, request)
            .map_ok(|page| stream::iter(page.into_items().into_iter().map(Ok::<_, Error>)))
            .try_flatten()
    }
}
