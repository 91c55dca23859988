#!/usr/bin/python3
"""Writes ni-kedge-cross-sections.csv, the small cross-section table the XANES simulator interpolates.

Source: xraylib (Schoonjans et al., Spectrochim. Acta B 66 (2011) 776), Debian package python3-xraylib.
Columns, every 5 eV from 8000 to 8800 eV (mass attenuation coefficients in cm^2/g):
  nmc_smooth   LiNi0.5Mn0.3Co0.2O2 (NMC532) total attenuation (photo + Rayleigh + Compton) without the Ni K edge, per
               gram of compound: xraylib's total below the edge, and above it the power law fitted to the total
               between 8000 eV and the edge;
  ni_smooth    the same for Ni (a Ni reference foil);
  ni_k_shell   the Ni K edge's share per gram of Ni: above the edge xraylib's Ni total minus ni_smooth, below it
               continued by the power law through the first two points above the edge, so that the simulator can
               multiply it by a broadened step placed at any edge energy.
Run: /usr/bin/python3 make_ni_kedge_table.py > ni-kedge-cross-sections.csv
"""
import math

import xraylib

NI = 28
EDGE_KEV = xraylib.EdgeEnergy(NI, xraylib.K_SHELL)
COMPOUND = "LiNi0.5Mn0.3Co0.2O2"


def power_law(total, kev_points):
    """log-log least-squares line through total(E) at the given energies, as a function of E (keV)."""
    xs = [math.log(k) for k in kev_points]
    ys = [math.log(total(k)) for k in kev_points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
    return lambda kev: math.exp(my + slope * (math.log(kev) - mx))


def main():
    below = [e / 1000 for e in range(8000, int(EDGE_KEV * 1000), 10)]
    nmc_total = lambda kev: xraylib.CS_Total_CP(COMPOUND, kev)
    ni_total = lambda kev: xraylib.CS_Total(NI, kev)
    nmc_smooth = power_law(nmc_total, below)
    ni_smooth = power_law(ni_total, below)
    above = [EDGE_KEV + 0.005, EDGE_KEV + 0.055]
    k_continued = power_law(lambda kev: ni_total(kev) - ni_smooth(kev), above)
    ni_fraction = xraylib.CompoundParser(COMPOUND)["massFractions"][-1]
    print(f"# xraylib {xraylib.__version__}; Ni K edge {EDGE_KEV * 1000:.1f} eV; Ni mass fraction of {COMPOUND} {ni_fraction:.6f}")
    print("energy_ev,nmc_smooth_cm2_g,ni_smooth_cm2_g,ni_k_shell_cm2_g")
    for ev in range(8000, 8801, 5):
        kev = ev / 1000
        edge_passed = kev > EDGE_KEV
        nmc = nmc_smooth(kev) if edge_passed else nmc_total(kev)
        ni = ni_smooth(kev) if edge_passed else ni_total(kev)
        k = ni_total(kev) - ni_smooth(kev) if edge_passed else k_continued(kev)
        print(f"{ev},{nmc:.5f},{ni:.5f},{k:.5f}")


main()
