//! Reading nodes off the JSON tree on a second core, ahead of the lowering
//! that uses them.
//!
//! Reading a component schema or a path item into its `openapiv3` shape
//! depends only on the loaded documents, never on what lowering has decided,
//! so it can run in parallel with the lowering of the nodes before it. The
//! results come back in the items' order, and the first error lowering sees
//! is the one it would have seen reading them itself.

use std::sync::mpsc::sync_channel;

use crate::error::Result;

/// How many results the reader may be ahead: enough to keep it busy, few
/// enough that what it has read is not all alive at once.
const AHEAD: usize = 64;

/// Hands each of `items`, with what `read` made of it, to `lower`, in order;
/// stops at the first error `lower` returns. With one core, reads each item
/// just before lowering it.
pub(crate) fn read_ahead<I, T>(
    items: Vec<I>,
    read: impl Fn(&I) -> T + Send,
    mut lower: impl FnMut(I, T) -> Result<()>,
) -> Result<()>
where
    I: Send,
    T: Send,
{
    let spare_core = std::thread::available_parallelism().is_ok_and(|n| n.get() > 1);
    if !spare_core || items.len() < 2 {
        return items.into_iter().try_for_each(|item| {
            let read = read(&item);
            lower(item, read)
        });
    }
    std::thread::scope(|scope| {
        let (sender, received) = sync_channel(AHEAD);
        scope.spawn(move || {
            for item in items {
                let read = read(&item);
                // Boxed: what is read can be large (a schema), and would be
                // copied at every step between the two threads.
                // Lowering stopped at an error: nothing more is wanted.
                if sender.send(Box::new((item, read))).is_err() {
                    break;
                }
            }
        });
        // Dropping the receiver, on success or error, ends the reader's loop.
        received.into_iter().try_for_each(|pair| {
            let (item, read) = *pair;
            lower(item, read)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;

    #[test]
    fn results_arrive_in_order_and_stop_at_the_first_error() {
        let items: Vec<usize> = (0..1000).collect();
        let mut seen = Vec::new();
        let result = read_ahead(
            items,
            |&i| i * 2,
            |i, doubled| {
                assert_eq!(doubled, i * 2);
                seen.push(i);
                if i == 700 {
                    return Err(Error::new(std::path::Path::new("spec.yml"), "/x", "stop"));
                }
                Ok(())
            },
        );
        assert!(result.is_err());
        assert_eq!(seen, (0..=700).collect::<Vec<_>>());
    }
}
