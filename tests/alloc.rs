//! Commands without text allocate nothing: `decide` and `evolve` for them make no heap
//! allocation, counted by a global allocator that counts per thread.

mod common;

use common::*;
use customer_care::complaint::*;
use customer_care::stream::Decider;
use customer_care::view::CaseView;
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: defers to the system allocator; only counts calls. (The library itself
// forbids unsafe code; this test needs it to install an allocator.)
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.with(|n| n.set(n.get() + 1));
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.with(|n| n.set(n.get() + 1));
        // SAFETY: same contract as the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Decides and folds `command` on the state reached by `given`, counting allocations.
fn allocations(given: Vec<ComplaintCommand>, command: ComplaintCommand) -> usize {
    let world = World::given(given);
    let context = ComplaintContext {
        org: &world.org,
        policy: &world.policy,
    };
    let state = world.state().clone();
    let before = ALLOCATIONS.with(Cell::get);
    let event = Complaint::decide(&state, command, &context).expect("accepted");
    let after = Complaint::evolve(state, &event);
    let count = ALLOCATIONS.with(Cell::get) - before;
    drop((after, event));
    count
}

#[test]
fn commands_without_text_allocate_nothing() {
    let with_approval = {
        let mut commands = investigating();
        commands.push(ComplaintCommand::OfferResolution {
            by: ANA,
            options: options(vec![refund(60, 24, 48)]),
            at: h(3),
        });
        commands
    };
    let offered_a_week_ago = offered();
    let cases = [
        (
            acknowledged(),
            ComplaintCommand::Investigate { by: ANA, at: h(2) },
        ),
        (
            with_approval,
            ComplaintCommand::Approve {
                approver: MARTA,
                at: h(4),
            },
        ),
        (
            offered(),
            ComplaintCommand::Choose {
                option: 1,
                at: h(4),
            },
        ),
        (
            offered_a_week_ago,
            ComplaintCommand::CloseUnanswered {
                by: ANA,
                at: h(3 + 7 * 24),
            },
        ),
        (
            resolving(),
            ComplaintCommand::RenegotiatePromise {
                estimate: h(60),
                due: h(84),
                consented_at: h(10),
            },
        ),
        (
            resolving(),
            ComplaintCommand::Deliver { by: ANA, at: h(30) },
        ),
        (
            resolved(),
            ComplaintCommand::Close {
                verdict: Verdict::default(),
                at: h(31),
            },
        ),
    ];
    for (given, command) in cases {
        let kind = command.kind();
        assert_eq!(allocations(given, command), 0, "{kind} allocated");
    }
    // PR1: a promise marked broken is kept in the case's history of promises, which
    // the weekly review reads; the first one allocates that list, and nothing else does.
    let broken = ComplaintCommand::MarkPromiseBroken { by: ANA, at: h(49) };
    assert_eq!(allocations(resolving(), broken), 1);
}

#[test]
fn the_audit_folds_events_without_text_allocating_nothing() {
    use customer_care::clocks::SlaClocks;
    use customer_care::decalogue::{AuditContext, CaseAudit, ThemeWatch};
    use customer_care::metrics::{Percent, TeamPulse};

    let mut commands = resolved();
    commands.push(ComplaintCommand::Close {
        verdict: Verdict::default(),
        at: h(31),
    });
    let world = World::given(commands);
    let events = world.stream.events();
    let (org, calendar) = (shop(), around_the_clock());
    let (pulse, themes) = (
        TeamPulse::tally([(SOFIA, 9)]).unwrap(),
        ThemeWatch::default(),
    );
    let context = AuditContext {
        directory: org.staff(),
        calendar: &calendar,
        pulse: &pulse,
        enps_floor: Percent::ZERO,
        themes: &themes,
    };
    let mut audit = CaseAudit::new();
    let mut clocks: Option<SlaClocks> = None;
    for envelope in events {
        // What the SLA clocks alone allocate for the event: a run each time one starts.
        let before = ALLOCATIONS.with(Cell::get);
        match (&mut clocks, &envelope.event) {
            (None, ComplaintEvent::Received(receipt)) => clocks = Some(SlaClocks::start(receipt)),
            (Some(clocks), event) => clocks.apply(event, &()).unwrap(),
            (None, _) => unreachable!("the receipt comes first"),
        }
        let of_clocks = ALLOCATIONS.with(Cell::get) - before;
        let before = ALLOCATIONS.with(Cell::get);
        audit.apply(envelope, &context).unwrap();
        let count = ALLOCATIONS.with(Cell::get) - before;
        // An event with text for the customer is kept for rule 8 (and an offer's
        // remedies for the metrics); for every other event the audit's rules allocate
        // nothing beyond the clocks it folds (rule 6 judges them).
        if envelope.event.customer_texts().next().is_none() {
            assert_eq!(count, of_clocks, "event {} allocated", envelope.sequence);
        }
    }
    assert_eq!(events.len(), 7);
}
