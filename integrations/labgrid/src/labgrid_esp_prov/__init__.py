"""esp-prov as a labgrid driver: resources, driver, rack command and pytest-embedded fixture.

Importing the package registers the resources and the driver with labgrid's target factory, so an
environment YAML (or a place's exported resources) can name them.
"""

from .errors import EspProvError
from .resources import EspProvDevice, NetworkEspProvDevice
from .driver import EspProvDriver

__all__ = ["EspProvDevice", "NetworkEspProvDevice", "EspProvDriver", "EspProvError"]
