//! Every line naming a type of a resource whose feature is off is an error that names the
//! feature (tests/compile-fail/check.sh checks each one). The `reservations` type compiles.

// A shared type no enabled resource uses, through the root re-export...
use mews_connector::BillAccountData;
// ...and through its module.
use mews_connector::shared::BillAccountData as SharedBillAccountData;
// A type of a disabled resource's module, through the root and through the module.
use mews_connector::bills::Bill as ModuleBill;
use mews_connector::Bill;
// The enabled resource's types are there.
use mews_connector::ReservationFilterParameters;

fn main() {
    let _: Option<(BillAccountData, SharedBillAccountData, Bill, ModuleBill)> = None;
    let _: Option<ReservationFilterParameters> = None;
}
