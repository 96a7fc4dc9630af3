# SPDX-License-Identifier: MIT
"""Fine-tunes the base model on the gauge logs (fictional example for LicenseLens)."""


def main():
    print("train for two epochs at learning rate 2e-5")


if __name__ == "__main__":
    main()
