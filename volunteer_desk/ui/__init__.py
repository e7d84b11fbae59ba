"""The Qt app. Importing it first protects the process from the binding's reference bug."""

from volunteer_desk.ui.binding_fix import keep_singletons_alive

keep_singletons_alive()
