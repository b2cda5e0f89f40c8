//! Where places are and how long a road takes between them: a unit's or warehouse's location
//! (decimal degrees, WGS-84), the travel times a service's own map system gives
//! (`travel_times.csv`), and, where none is given, an estimate from the great-circle
//! distance, a road factor and an average speed.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

/// The location of a unit or a warehouse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GeoPoint {
    /// Degrees north, -90 to 90.
    pub lat: Decimal,
    /// Degrees east, -180 to 180.
    pub lon: Decimal,
}

/// A latitude or longitude out of its range.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{lat}, {lon} is not a place on Earth: latitude is -90 to 90 and longitude -180 to 180 (decimal degrees)"
)]
pub struct OffEarth {
    pub lat: Decimal,
    pub lon: Decimal,
}

impl GeoPoint {
    /// A point, refused when the degrees are out of range.
    pub fn new(lat: Decimal, lon: Decimal) -> Result<GeoPoint, OffEarth> {
        let ninety = Decimal::from(90);
        let half = Decimal::from(180);
        if lat.abs() > ninety || lon.abs() > half {
            return Err(OffEarth { lat, lon });
        }
        Ok(GeoPoint { lat, lon })
    }

    /// The point in degrees as floating point, for the distance.
    pub fn degrees(self) -> (f64, f64) {
        (
            self.lat.to_f64().unwrap_or(0.0),
            self.lon.to_f64().unwrap_or(0.0),
        )
    }
}

/// A place's location as stored: its code and its point.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceLocation {
    pub code: String,
    pub point: GeoPoint,
}

/// A road's travel time from one place to another, as the service's map system gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TravelTime {
    pub from: String,
    pub to: String,
    /// Minutes, more than zero.
    pub minutes: Decimal,
}

/// The Earth's mean radius, km.
const EARTH_KM: f64 = 6371.0088;

/// The great-circle (haversine) distance in km between two points given in degrees.
pub fn great_circle_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1) = (a.0.to_radians(), a.1.to_radians());
    let (la2, lo2) = (b.0.to_radians(), b.1.to_radians());
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * EARTH_KM * h.sqrt().min(1.0).asin()
}

/// How a travel time is estimated where the table gives none: the great-circle distance
/// times `factor` (roads are longer than the straight line), at `kmh`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Roads {
    pub factor: f64,
    pub kmh: f64,
}

impl Default for Roads {
    fn default() -> Self {
        Roads {
            factor: Roads::FACTOR,
            kmh: Roads::KMH,
        }
    }
}

impl Roads {
    /// The road factor when none is given.
    pub const FACTOR: f64 = 1.3;
    /// The average speed when none is given, km/h.
    pub const KMH: f64 = 60.0;

    /// The estimated minutes between two points given in degrees.
    pub fn minutes(self, a: (f64, f64), b: (f64, f64)) -> f64 {
        great_circle_km(a, b) * self.factor / self.kmh * 60.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_and_estimates() {
        // Hangzhou to Shanghai, about 165 km as the crow flies.
        let hz = (30.2741, 120.1551);
        let sh = (31.2304, 121.4737);
        let km = great_circle_km(hz, sh);
        assert!((160.0..170.0).contains(&km), "{km}");
        assert_eq!(great_circle_km(hz, hz), 0.0);
        let r = Roads::default();
        let m = r.minutes(hz, sh);
        assert!((m - km * 1.3).abs() < 1e-9, "{m}");
        let slow = Roads {
            factor: 1.5,
            kmh: 40.0,
        };
        assert!((slow.minutes(hz, sh) - km * 1.5 * 1.5).abs() < 1e-9);
    }

    #[test]
    fn points_off_earth_are_refused() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert!(GeoPoint::new(d("30.27"), d("120.15")).is_ok());
        assert!(GeoPoint::new(d("-90"), d("180")).is_ok());
        let e = GeoPoint::new(d("120.15"), d("30.27")).unwrap_err();
        assert!(e.to_string().contains("latitude is -90 to 90"), "{e}");
        assert!(GeoPoint::new(d("0"), d("-180.5")).is_err());
    }
}
