"""Small Reflex component functions shared by the pages, and the browser modules they link.

The generated contract modules are written first, so they exist before any rx.asset call in
this package links them into the build.
"""

from valgus_pwa import contract

contract.write()
