"""A board as provisioning sees it, locally attached or on an exporter's host."""

import attr
from labgrid.factory import target_factory
from labgrid.resource.common import NetworkResource, Resource

TRANSPORTS = ("ble", "softap", "httpd")

_optional_str = attr.validators.optional(attr.validators.instance_of(str))


@target_factory.reg_resource
@attr.s(eq=False)
class EspProvDevice(Resource):
    """A board reachable from this host: `transport` ble|softap|httpd, `service_name` (the BLE name,
    or host:port over HTTP), optionally the `ble_adapter` or `wifi_interface` it needs (runs naming
    the same one take turns on the host)."""

    transport = attr.ib(validator=attr.validators.in_(TRANSPORTS))
    service_name = attr.ib(validator=attr.validators.instance_of(str))
    ble_adapter = attr.ib(default=None, validator=_optional_str)
    wifi_interface = attr.ib(default=None, validator=_optional_str)


@target_factory.reg_resource
@attr.s(eq=False)
class NetworkEspProvDevice(NetworkResource):
    """The same board, published by the exporter of the host it is attached to (`host: {{ hostname }}`
    in the exporter YAML): the driver runs esp-prov there, over labgrid's ssh."""

    transport = attr.ib(validator=attr.validators.in_(TRANSPORTS))
    service_name = attr.ib(validator=attr.validators.instance_of(str))
    ble_adapter = attr.ib(default=None, validator=_optional_str)
    wifi_interface = attr.ib(default=None, validator=_optional_str)
